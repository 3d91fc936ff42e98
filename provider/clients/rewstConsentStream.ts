import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { z } from "zod";

import {
  CONSENT_FAILURE_TYPE,
  type ConsentEvent,
  REWST_OPERATIONS,
  consentEventSchema,
  consentOutcome,
  graphqlErrorSchema,
  quoteGraphqlErrors,
} from "../contracts/rewst";
import { ProviderError } from "../errors";
import type { RewstClientSettings } from "./rewstSettings";
import { trustOptions } from "./trust";

/** graphql-ws: how long to wait for connection_ack, and how often to ping a quiet socket. */
const ACK_TIMEOUT_MS = 30_000;
const KEEP_ALIVE_MS = 20_000;

/**
 * Rewst's consent subscription (`microsoftCSPConsentRequest`) over graphql-transport-ws, sent with
 * the client's own credentials, until it finishes: its events, or a CONSENT_FAILED error listing
 * Rewst's reasons.
 */
/**
 * Runs `microsoftCSPConsentRequest` over graphql-transport-ws until it finishes and returns its
 * events; a failure response becomes a CONSENT_FAILED error listing Rewst's reasons.
 */
export async function runConsentStream(
  settings: RewstClientSettings,
  headers: Record<string, string>,
  request: {
    action: "CREATE" | "REVOKE";
    packConfigId: string;
    tenantIds: string[];
    applicationGrants: { enterpriseApplicationId: string; scope: string }[];
  },
): Promise<ConsentEvent[]> {
  const { action, packConfigId, tenantIds, applicationGrants } = request;
  const url =
    settings.subscriptionsUrl ??
    settings.graphqlUrl.replace(/^http/, "ws").replace(/\/graphql\/?$/, "/subscriptions");
  const ca = settings.ca;
  const client = createClient({
    url,
    lazy: true,
    retryAttempts: 0,
    // A server that accepts the socket but never acknowledges or answers must not hang the run.
    connectionAckWaitTimeout: ACK_TIMEOUT_MS,
    keepAlive: KEEP_ALIVE_MS,
    webSocketImpl: class extends WebSocket {
      constructor(address: string, protocols?: string | string[]) {
        super(address, protocols, { headers, ...trustOptions(ca) });
      }
    },
  });
  const events: ConsentEvent[] = [];
  const timeoutMs = (settings.streamTimeoutSeconds ?? 300) * 1000;
  let timer: NodeJS.Timeout | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new ProviderError(
              "REWST_ERROR",
              `Rewst's consent stream did not finish within rewst-csp:consentStreamTimeoutSeconds (${timeoutMs / 1000} s; ${events.length} events received). ` +
                "Check the consent in Rewst and in the tenant, then run the operation again (an existing consent is adopted)",
            ),
          ),
        timeoutMs,
      );
      client.subscribe(
        {
          query: REWST_OPERATIONS.consentRequest,
          variables: { a: action, p: packConfigId, t: tenantIds, g: applicationGrants },
        },
        {
          next: (value) => {
            // Execution errors of one event: Rewst refused part of the request.
            const refused = z.array(graphqlErrorSchema).safeParse(value.errors);
            if (refused.success && refused.data.length > 0)
              events.push({ __typename: CONSENT_FAILURE_TYPE, errors: [quoteGraphqlErrors(refused.data)] });
            const parsed = consentEventSchema.safeParse(
              (value.data as { microsoftCSPConsentRequest?: unknown } | null)?.microsoftCSPConsentRequest,
            );
            if (parsed.success) events.push(parsed.data);
          },
          error: (error: unknown) =>
            reject(
              new ProviderError(
                "REWST_ERROR",
                `Rewst consent subscription failed: ${describeStreamError(error)}`,
              ),
            ),
          complete: resolve,
        },
      );
    });
  } finally {
    clearTimeout(timer);
    await client.dispose();
  }
  const result = consentOutcome(events);
  if (result.outcome === "failed") {
    throw new ProviderError(
      "CONSENT_FAILED",
      `Rewst could not ${action === "CREATE" ? "grant" : "revoke"} consent: ${result.errors.join("; ") || "no reason given"}`,
    );
  }
  // "unknown": the caller confirms the consent by observing the tenant.
  return events;
}

/**
 * graphql-ws hands `sink.error` an Error, a list of GraphQL errors (the document was refused), or a
 * CloseEvent (the socket closed); each becomes Rewst's own words.
 */
export function describeStreamError(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (Array.isArray(error)) {
    const parsed = z.array(graphqlErrorSchema).safeParse(error);
    return parsed.success ? quoteGraphqlErrors(parsed.data) : JSON.stringify(error).slice(0, 500);
  }
  if (typeof error === "object" && error !== null && "code" in error) {
    const close = error as { code: unknown; reason?: unknown };
    return `connection closed with code ${String(close.code)}${typeof close.reason === "string" && close.reason ? ` (${close.reason})` : ""}`;
  }
  return "connection closed";
}
