import { randomUUID } from "crypto";

import type { AxiosInstance } from "axios";
import Bottleneck from "bottleneck";

import {
  type ApplicationConsent,
  type PcCustomer,
  pcCustomerCollectionSchema,
  pcErrorSchema,
} from "../contracts/partnerCenter";
import { partnerCenterHint } from "../auth/aadsts";
import { pagingHeaders, parseWire, sameOriginLink } from "../contracts/wire";
import { ProviderError } from "../errors";
import { rethrowAs } from "./httpClient";

/** One limiter per applicationId per process: Partner Center allows 50 consent requests/s per app. */
const limiters = new Map<string, Bottleneck>();
function limiterFor(applicationId: string, perSecond: number): Bottleneck {
  const key = `${applicationId}|${perSecond}`;
  let limiter = limiters.get(key);
  if (!limiter) {
    limiter = new Bottleneck({
      reservoir: perSecond,
      reservoirRefreshAmount: perSecond,
      reservoirRefreshInterval: 1000,
      maxConcurrent: perSecond,
    });
    limiters.set(key, limiter);
  }
  return limiter;
}

/** Partner Center REST v1 for the secure application model (app + user token). */
export class PartnerCenterClient {
  constructor(
    private readonly http: AxiosInstance,
    private readonly token: () => Promise<string>,
    private readonly requestsPerSecond: number,
  ) {}

  /** Headers of one logical call; the token is set per attempt (see `bearer`). */
  private headers(correlationId: string): Record<string, string> {
    return {
      "MS-CorrelationId": correlationId,
      // One logical call, one id: axios-retry resends these headers unchanged.
      "MS-RequestId": randomUUID(),
    };
  }

  private fail(what: string, status: number, data: unknown, correlationId: string): never {
    const body = pcErrorSchema.safeParse(data);
    const known = body.success ? partnerCenterHint(status, body.data.code, body.data.description) : undefined;
    const serviceCode = body.success ? body.data.code : undefined;
    if (body.success && known)
      throw new ProviderError(
        known.code,
        `${what} failed (${body.data.code}): ${known.hint}`,
        correlationId,
        serviceCode,
      );
    const detail = body.success ? `${body.data.code}: ${body.data.description}` : `HTTP ${status}`;
    throw new ProviderError("PARTNER_CENTER_ERROR", `${what} failed (${detail})`, correlationId, serviceCode);
  }

  /** Every customer, following `links.next` with its MS-ContinuationToken header. */
  async listCustomers(correlationId: string = randomUUID()): Promise<PcCustomer[]> {
    const customers: PcCustomer[] = [];
    let uri = "/v1/customers?size=500";
    let extra: Record<string, string> = {};
    for (;;) {
      const res = await this.http
        .get(uri, { headers: { ...this.headers(correlationId), ...extra }, bearer: this.token })
        .catch(rethrowAs("PARTNER_CENTER_ERROR", "listing customers", correlationId));
      if (res.status !== 200) this.fail("listing customers", res.status, res.data, correlationId);
      const page = parseWire(pcCustomerCollectionSchema, res.data, "Partner Center's customer page");
      if (!page.ok) throw new ProviderError("PARTNER_CENTER_ERROR", page.message, correlationId);
      customers.push(...page.value.items);
      const next = page.value.links?.next;
      if (!next) return customers;
      // links.next.uri already carries /v1 (since 2021); older shapes did not. Only a link on
      // Partner Center's own origin is followed, and only its continuation token is sent back.
      const link = next.uri.startsWith("/") && !next.uri.startsWith("/v1/") ? `/v1${next.uri}` : next.uri;
      try {
        uri = sameOriginLink(link, this.http.defaults.baseURL ?? "");
      } catch (error) {
        throw new ProviderError(
          "PARTNER_CENTER_ERROR",
          `listing customers: ${(error as Error).message}`,
          correlationId,
        );
      }
      extra = pagingHeaders(next.headers);
    }
  }

  /** POST applicationconsents; "exists" when Partner Center reports the consent is already there. */
  async createConsent(
    customerId: string,
    consent: ApplicationConsent,
    correlationId: string,
  ): Promise<"created" | "exists"> {
    const res = await limiterFor(consent.applicationId, this.requestsPerSecond)
      .schedule(() =>
        this.http.post(`/v1/customers/${customerId}/applicationconsents`, consent, {
          headers: this.headers(correlationId),
          bearer: this.token,
        }),
      )
      .catch(
        rethrowAs(
          "PARTNER_CENTER_ERROR",
          `consent of ${consent.applicationId} in ${customerId}`,
          correlationId,
        ),
      );
    if (res.status === 200 || res.status === 201) return "created";
    const text = JSON.stringify(res.data ?? "");
    if (res.status === 409 || /already exists/i.test(text)) return "exists";
    if (res.status === 404)
      throw new ProviderError(
        "CUSTOMER_NOT_FOUND",
        `Partner Center has no customer ${customerId}`,
        correlationId,
      );
    return this.fail(
      `consent of ${consent.applicationId} in ${customerId}`,
      res.status,
      res.data,
      correlationId,
    );
  }

  /** DELETE applicationconsents; "absent" when there was nothing to delete. */
  async deleteConsent(
    customerId: string,
    applicationId: string,
    correlationId: string,
  ): Promise<"deleted" | "absent"> {
    const res = await limiterFor(applicationId, this.requestsPerSecond)
      .schedule(() =>
        this.http.delete(`/v1/customers/${customerId}/applicationconsents/${applicationId}`, {
          headers: this.headers(correlationId),
          bearer: this.token,
        }),
      )
      .catch(
        rethrowAs(
          "PARTNER_CENTER_ERROR",
          `removing consent of ${applicationId} in ${customerId}`,
          correlationId,
        ),
      );
    if (res.status >= 200 && res.status < 300) return "deleted";
    if (res.status === 404) return "absent";
    return this.fail(
      `removing consent of ${applicationId} in ${customerId}`,
      res.status,
      res.data,
      correlationId,
    );
  }
}
