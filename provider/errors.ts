/** Machine-readable codes of the errors this package raises. */
export type ProviderErrorCode =
  | "CONFIG_INVALID"
  | "INPUT_INVALID"
  | "IMPLEMENTATION_NOT_FOUND"
  | "REMOTE_UNAUTHORIZED"
  | "REMOTE_CONFLICT"
  | "REMOTE_UNAVAILABLE"
  | "REMOTE_ERROR";

/**
 * An error with a stable code and an actionable message.
 *
 * Messages never contain secret values: they name settings and fields, not their contents.
 */
export class ProviderError extends Error {
  constructor(
    readonly code: ProviderErrorCode,
    message: string,
  ) {
    super(`[${code}] ${message}`);
    this.name = "ProviderError";
  }
}
