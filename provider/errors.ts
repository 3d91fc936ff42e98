/** Machine-readable codes of the errors this package raises. */
export type ProviderErrorCode =
  | "CONFIG_INVALID"
  | "IMPLEMENTATION_NOT_FOUND"
  | "REMOTE_UNAUTHORIZED"
  | "REMOTE_CONFLICT"
  | "REMOTE_UNAVAILABLE"
  | "REMOTE_ERROR"
  | "AUTH_NO_CONSENT"
  | "AUTH_NO_GDAP"
  | "AUTH_REFRESH_TOKEN_EXPIRED"
  | "AUTH_INVALID_CLIENT"
  | "AUTH_TENANT_NOT_FOUND"
  | "AUTH_FAILED"
  | "AUTH_CONDITIONAL_ACCESS"
  | "AUTH_MFA_REQUIRED"
  | "AUTH_SCOPE_INVALID"
  | "AUTH_RESOURCE_NOT_IN_TENANT"
  | "AUTH_PASSTHROUGH_UNSUPPORTED"
  | "GDAP_ROLE_MISSING"
  | "CANNOT_OBSERVE_TENANT"
  | "PARTNER_CENTER_ERROR"
  | "GRAPH_ERROR"
  | "REWST_ERROR"
  | "CUSTOMER_NOT_FOUND"
  | "MAPPING_CONFLICT"
  | "CONSENT_FAILED"
  | "OPERATION_TIMEOUT";

/**
 * An error with a stable code and an actionable message.
 *
 * Messages never contain secret values: they name settings and fields, not their contents.
 */
export class ProviderError extends Error {
  constructor(
    readonly code: ProviderErrorCode,
    message: string,
    /** MS-CorrelationId of the operation, when one was sent (quote it to Microsoft support). */
    readonly correlationId?: string,
  ) {
    super(`[${code}] ${message}${correlationId ? ` (correlation id ${correlationId})` : ""}`);
    this.name = "ProviderError";
  }
}
