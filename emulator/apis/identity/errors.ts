import { randomUUID } from "crypto";

import type { TokenError } from "../../../provider/contracts/identity";
import type { EmulatorContext } from "../../context";
import type { EmulatorResponse } from "../../http";

/** An AADSTS error response as the token endpoint returns it. */
export function tokenError(
  ctx: EmulatorContext,
  status: number,
  error: TokenError["error"],
  code: number,
  message: string,
): EmulatorResponse {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  const timestamp = ctx
    .now()
    .toISOString()
    .replace("T", " ")
    .replace(/\.\d+Z$/, "Z");
  const body: TokenError = {
    error,
    error_description: `AADSTS${code}: ${message} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
    error_codes: [code],
    timestamp,
    trace_id: traceId,
    correlation_id: correlationId,
  };
  return { status, body };
}

export const tenantNotFound = (ctx: EmulatorContext, tenantKey: string) =>
  tokenError(
    ctx,
    400,
    "invalid_request",
    90002,
    `Tenant '${tenantKey}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
  );
