import { createClient } from "graphql-ws";
import axios, { type AxiosInstance } from "axios";
import WebSocket from "ws";
import { z } from "zod";

import {
  CONSENT_FAILURE_TYPE,
  type ConsentEvent,
  type MicrosoftCspCustomer,
  REWST_OPERATIONS,
  consentEventSchema,
  consentOutcome,
  graphqlErrorSchema,
  graphqlResponseSchema,
  microsoftCspCustomerSchema,
  quoteGraphqlErrors,
} from "../contracts/rewst";
import { ProviderError } from "../errors";
import { describeIssues } from "../contracts/wire";
import { describeFailure } from "./httpClient";
import { trustOptions } from "./trust";

export interface RewstClientSettings {
  /** e.g. https://api.rewst.io/graphql */
  graphqlUrl: string;
  /** e.g. wss://api.rewst.io/subscriptions (derived from graphqlUrl when unset) */
  subscriptionsUrl?: string;
  cookieName: string;
  cookie?: string;
  apiToken?: string;
  ca?: string;
  /** The consent stream fails when it has not finished within this long (default 300 s). */
  streamTimeoutSeconds?: number;
}

/** graphql-ws: how long to wait for connection_ack, and how often to ping a quiet socket. */
const ACK_TIMEOUT_MS = 30_000;
const KEEP_ALIVE_MS = 20_000;

/** Rewst's GraphQL API: CSP customers, link/unlink, and the consent subscription. */
export class RewstClient {
  constructor(
    private readonly http: AxiosInstance,
    private readonly settings: RewstClientSettings,
  ) {}

  private authHeaders(): Record<string, string> {
    return this.settings.cookie
      ? { cookie: `${this.settings.cookieName}=${this.settings.cookie}` }
      : { Authorization: `Bearer ${this.settings.apiToken ?? ""}` };
  }

  async request<T extends z.ZodType>(
    query: string,
    variables: Record<string, unknown>,
    data: T,
  ): Promise<z.infer<T>> {
    const res = await this.http
      .post("", { query, variables }, { headers: this.authHeaders() })
      .catch((error: unknown) => {
        // A 5xx after retries can still carry Rewst's GraphQL errors: quote them.
        const body = axios.isAxiosError(error)
          ? graphqlResponseSchema.safeParse(error.response?.data)
          : undefined;
        const quoted =
          body?.success && body.data.errors?.length ? `: ${quoteGraphqlErrors(body.data.errors)}` : "";
        throw new ProviderError(
          "REWST_ERROR",
          `Rewst GraphQL request failed (${describeFailure(error)})${quoted}`,
        );
      });
    const body = graphqlResponseSchema.safeParse(res.data);
    const errors = body.success ? (body.data.errors ?? []) : [];
    if (errors.length > 0) {
      const messages = quoteGraphqlErrors(errors);
      const hint = /not authori[sz]ed|AUTH_ERR/i.test(messages)
        ? " — check rewst-csp:rewstCookie / rewst-csp:rewstApiToken and that rewst-csp:cspPackConfigId belongs to your organization"
        : "";
      const status = res.status === 200 ? "" : ` (HTTP ${res.status})`;
      throw new ProviderError("REWST_ERROR", `Rewst GraphQL error${status}: ${messages}${hint}`);
    }
    if (res.status !== 200 || !body.success)
      throw new ProviderError(
        "REWST_ERROR",
        `Rewst GraphQL answered HTTP ${res.status} without a GraphQL result`,
      );
    const parsed = data.safeParse(body.data.data);
    if (!parsed.success)
      throw new ProviderError(
        "REWST_ERROR",
        `Rewst answered an unexpected shape: ${describeIssues(parsed.error)}`,
      );
    return parsed.data;
  }

  async customerByTenant(cspPackConfigId: string, tenantId: string): Promise<MicrosoftCspCustomer | null> {
    const data = await this.request(
      REWST_OPERATIONS.customerByTenant,
      { c: cspPackConfigId, t: tenantId },
      z.object({ microsoftCSPCustomer: microsoftCspCustomerSchema.nullable() }),
    );
    if (data.microsoftCSPCustomer) return data.microsoftCSPCustomer;
    // Whether Rewst's `where: { tenantId }` ignores case is UNCONFIRMED; fall back to the listing.
    const wanted = tenantId.toLowerCase();
    return (await this.customers(cspPackConfigId)).find((c) => c.tenantId.toLowerCase() === wanted) ?? null;
  }

  async customerById(cspPackConfigId: string, customerId: string): Promise<MicrosoftCspCustomer | null> {
    const data = await this.request(
      REWST_OPERATIONS.customerById,
      { c: cspPackConfigId, id: customerId },
      z.object({ microsoftCSPCustomer: microsoftCspCustomerSchema.nullable() }),
    );
    return data.microsoftCSPCustomer;
  }

  /** The id of the organization the credentials belong to: the MSP's own (null if Rewst gives none). */
  async userOrganizationId(): Promise<string | null> {
    const data = await this.request(
      REWST_OPERATIONS.userOrganization,
      {},
      z.object({ userOrganization: z.object({ id: z.string().nullish() }).nullish() }),
    );
    return data.userOrganization?.id ?? null;
  }

  /** All customers of the pack config (no paging in Rewst's API). */
  async customers(cspPackConfigId: string): Promise<MicrosoftCspCustomer[]> {
    const data = await this.request(
      REWST_OPERATIONS.customers,
      { c: cspPackConfigId },
      z.object({ microsoftCSPCustomers: z.array(microsoftCspCustomerSchema.nullable()) }),
    );
    return data.microsoftCSPCustomers.filter((c): c is MicrosoftCspCustomer => c !== null);
  }

  async link(cspPackConfigId: string, customerId: string, orgIds: string[]): Promise<MicrosoftCspCustomer> {
    const data = await this.request(
      REWST_OPERATIONS.link,
      { c: cspPackConfigId, id: customerId, o: orgIds },
      z.object({ linkMicrosoftCSPCustomer: microsoftCspCustomerSchema }),
    );
    return data.linkMicrosoftCSPCustomer;
  }

  async unlink(cspPackConfigId: string, customerId: string, orgIds: string[]): Promise<void> {
    await this.request(
      REWST_OPERATIONS.unlink,
      { c: cspPackConfigId, id: customerId, o: orgIds },
      z.object({ unlinkMicrosoftCSPCustomer: z.unknown() }),
    );
  }

  /**
   * Runs `microsoftCSPConsentRequest` over graphql-transport-ws until it finishes and returns its
   * events; a failure response becomes a CONSENT_FAILED error listing Rewst's reasons.
   */
  async consent(
    action: "CREATE" | "REVOKE",
    packConfigId: string,
    tenantIds: string[],
    applicationGrants: { enterpriseApplicationId: string; scope: string }[],
  ): Promise<ConsentEvent[]> {
    const url =
      this.settings.subscriptionsUrl ??
      this.settings.graphqlUrl.replace(/^http/, "ws").replace(/\/graphql\/?$/, "/subscriptions");
    const headers = this.authHeaders();
    const ca = this.settings.ca;
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
    const timeoutMs = (this.settings.streamTimeoutSeconds ?? 300) * 1000;
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
