import axios, { type AxiosInstance } from "axios";
import { z } from "zod";

import {
  type ConsentEvent,
  type MicrosoftCspCustomer,
  REWST_OPERATIONS,
  graphqlResponseSchema,
  microsoftCspCustomerSchema,
  quoteGraphqlErrors,
} from "../contracts/rewst";
import { ProviderError } from "../errors";
import { describeIssues } from "../contracts/wire";
import { describeFailure } from "./httpClient";
import { runConsentStream } from "./rewstConsentStream";
import type { RewstClientSettings } from "./rewstSettings";

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
  consent(
    action: "CREATE" | "REVOKE",
    packConfigId: string,
    tenantIds: string[],
    applicationGrants: { enterpriseApplicationId: string; scope: string }[],
  ): Promise<ConsentEvent[]> {
    return runConsentStream(this.settings, this.authHeaders(), {
      action,
      packConfigId,
      tenantIds,
      applicationGrants,
    });
  }
}
