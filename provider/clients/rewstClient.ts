import { createClient } from "graphql-ws";
import type { AxiosInstance } from "axios";
import * as tls from "tls";
import WebSocket from "ws";
import { z } from "zod";

import {
  CSP_CUSTOMER_FIELDS,
  type ConsentEvent,
  type MicrosoftCspCustomer,
  consentEventSchema,
  graphqlResponseSchema,
  microsoftCspCustomerSchema,
} from "../contracts/rewst";
import { ProviderError } from "../errors";
import { describeFailure } from "./httpClient";

export interface RewstClientSettings {
  /** e.g. https://api.rewst.io/graphql */
  graphqlUrl: string;
  /** e.g. wss://api.rewst.io/subscriptions (derived from graphqlUrl when unset) */
  subscriptionsUrl?: string;
  cookieName: string;
  cookie?: string;
  apiToken?: string;
  ca?: string;
}

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
        throw new ProviderError("REWST_ERROR", `Rewst GraphQL request failed (${describeFailure(error)})`);
      });
    const body = graphqlResponseSchema.safeParse(res.data);
    if (res.status !== 200 || !body.success)
      throw new ProviderError("REWST_ERROR", `Rewst GraphQL answered HTTP ${res.status}`);
    if (body.data.errors?.length) {
      const messages = body.data.errors.map((e) => e.message).join("; ");
      const hint = /not authori[sz]ed|AUTH_ERR/i.test(messages)
        ? " — check rewst-csp:rewstCookie / rewst-csp:rewstApiToken and that rewst-csp:cspPackConfigId belongs to your organization"
        : "";
      throw new ProviderError("REWST_ERROR", `Rewst GraphQL error: ${messages}${hint}`);
    }
    return data.parse(body.data.data);
  }

  async customerByTenant(cspPackConfigId: string, tenantId: string): Promise<MicrosoftCspCustomer | null> {
    const data = await this.request(
      `query ($c: ID!, $t: String) { microsoftCSPCustomer(cspPackConfigId: $c, where: { tenantId: $t }) { ${CSP_CUSTOMER_FIELDS} } }`,
      { c: cspPackConfigId, t: tenantId },
      z.object({ microsoftCSPCustomer: microsoftCspCustomerSchema.nullable() }),
    );
    return data.microsoftCSPCustomer;
  }

  async customerById(cspPackConfigId: string, customerId: string): Promise<MicrosoftCspCustomer | null> {
    const data = await this.request(
      `query ($c: ID!, $id: ID) { microsoftCSPCustomer(cspPackConfigId: $c, where: { id: $id }) { ${CSP_CUSTOMER_FIELDS} } }`,
      { c: cspPackConfigId, id: customerId },
      z.object({ microsoftCSPCustomer: microsoftCspCustomerSchema.nullable() }),
    );
    return data.microsoftCSPCustomer;
  }

  /** All customers of the pack config (no paging in Rewst's API). */
  async customers(cspPackConfigId: string): Promise<MicrosoftCspCustomer[]> {
    const data = await this.request(
      `query ($c: ID!) { microsoftCSPCustomers(cspPackConfigId: $c) { ${CSP_CUSTOMER_FIELDS} } }`,
      { c: cspPackConfigId },
      z.object({ microsoftCSPCustomers: z.array(microsoftCspCustomerSchema) }),
    );
    return data.microsoftCSPCustomers;
  }

  async link(cspPackConfigId: string, customerId: string, orgIds: string[]): Promise<MicrosoftCspCustomer> {
    const data = await this.request(
      `mutation ($c: ID!, $id: ID!, $o: [ID!]!) { linkMicrosoftCSPCustomer(cspPackConfigId: $c, customerId: $id, orgIds: $o) { ${CSP_CUSTOMER_FIELDS} } }`,
      { c: cspPackConfigId, id: customerId, o: orgIds },
      z.object({ linkMicrosoftCSPCustomer: microsoftCspCustomerSchema }),
    );
    return data.linkMicrosoftCSPCustomer;
  }

  async unlink(cspPackConfigId: string, customerId: string, orgIds: string[]): Promise<void> {
    await this.request(
      `mutation ($c: ID!, $id: ID!, $o: [ID!]!) { unlinkMicrosoftCSPCustomer(cspPackConfigId: $c, customerId: $id, orgIds: $o) }`,
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
      webSocketImpl: class extends WebSocket {
        constructor(address: string, protocols?: string | string[]) {
          super(address, protocols, { headers, ...(ca ? { ca: [...tls.rootCertificates, ca] } : {}) });
        }
      },
    });
    const events: ConsentEvent[] = [];
    try {
      await new Promise<void>((resolve, reject) => {
        client.subscribe(
          {
            query: `subscription ($a: CSPConsentAction, $p: ID!, $t: [ID!]!, $g: [CSPApplicationGrant!]) {
              microsoftCSPConsentRequest(action: $a, packConfigId: $p, tenantIds: $t, applicationGrants: $g) {
                __typename
                ... on MicrosoftCSPConsentStreamMessage { event updatedTenantIds errors isFinished }
                ... on MicrosoftCSPConsentSuccessResponse { didSucceed }
                ... on MicrosoftCSPConsentFailureResponse { didSucceed errors }
              }
            }`,
            variables: { a: action, p: packConfigId, t: tenantIds, g: applicationGrants },
          },
          {
            next: (value) => {
              const parsed = consentEventSchema.safeParse(
                (value.data as { microsoftCSPConsentRequest?: unknown } | null)?.microsoftCSPConsentRequest,
              );
              if (parsed.success) events.push(parsed.data);
            },
            error: (error: unknown) =>
              reject(
                new ProviderError(
                  "REWST_ERROR",
                  `Rewst consent subscription failed (${error instanceof Error ? error.message : "connection closed"})`,
                ),
              ),
            complete: resolve,
          },
        );
      });
    } finally {
      await client.dispose();
    }
    const last = events.at(-1);
    if (last?.__typename === "MicrosoftCSPConsentFailureResponse") {
      throw new ProviderError(
        "CONSENT_FAILED",
        `Rewst could not ${action === "CREATE" ? "grant" : "revoke"} consent: ${(last.errors ?? []).join("; ")}`,
      );
    }
    if (last?.__typename !== "MicrosoftCSPConsentSuccessResponse") {
      throw new ProviderError("CONSENT_FAILED", "Rewst's consent stream ended without a result");
    }
    return events;
  }
}
