import { ProviderError } from "../errors";

/** Transport failures that say the endpoint is not there, not that it is busy: retried once only. */
const UNREACHABLE_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EHOSTUNREACH", "ENETUNREACH"]);

/** The Node error code of a failed connection (axios and https errors alike), if it is one of those. */
export function unreachableCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && UNREACHABLE_CODES.has(code) ? code : undefined;
}

/**
 * An endpoint nobody answers at, named with the setting that points there: after a settings change
 * a refresh still uses the settings recorded at the last `up`, which is the usual cause.
 */
export function endpointUnreachable(origin: string, setting: string, code: string): ProviderError {
  return new ProviderError(
    "ENDPOINT_UNREACHABLE",
    `${origin} cannot be reached (${code}); it is ${setting} as the engine handed it to the provider`,
  );
}
