import { randomUUID } from "crypto";

import { AUDIENCES } from "../../provider/contracts/identity";
import {
  type PcError,
  type PcLink,
  applicationConsentRequestSchema,
} from "../../provider/contracts/partnerCenter";
import { type EmulatorContext, checkAccessToken } from "../context";
import { type EmulatorRequest, type EmulatorResponse, type Router, headerValue, parseJson } from "../http";
import { missingGdapRole } from "../state/gdap";
import { grantConsent, revokeConsent } from "../state/consents";

export function pcError(status: number, code: number, description: string): EmulatorResponse {
  const body: PcError = { code, description, data: [], source: "PartnerFD" };
  return { status, body };
}

const link = (uri: string, headers: { key: string; value: string }[] = []): PcLink => ({
  uri,
  method: "GET",
  headers,
});

/** Partner Center REST v1: customers and CPV application consents. */
export function registerPartnerCenter(router: Router, ctx: EmulatorContext): void {
  const state = () => ctx.store.state;
  /** Request timestamps per applicationId within the last second (consent rate limit). */
  const consentWindow = new Map<string, number[]>();
  /** MS-RequestId → the response first given, so a retried logical call is answered the same way. */
  const idempotent = new Map<string, EmulatorResponse>();

  const withIds = (req: EmulatorRequest, res: EmulatorResponse): EmulatorResponse => ({
    ...res,
    headers: {
      ...(res.headers ?? {}),
      "MS-RequestId": headerValue(req, "ms-requestid") ?? randomUUID(),
      "MS-CorrelationId": headerValue(req, "ms-correlationid") ?? randomUUID(),
    },
  });

  /** The partner user behind a valid app+user token, or the response that refuses the call. */
  function authorize(req: EmulatorRequest): EmulatorResponse | { userId: string } {
    const check = checkAccessToken(ctx, req, AUDIENCES.partnerCenter);
    if (!check.ok) return pcError(401, 900, check.message);
    req.tenant = check.claims.tid;
    if (!check.claims.oid) {
      return pcError(
        403,
        900,
        "This operation requires an app+user token (secure application model); app-only tokens are not supported.",
      );
    }
    if (state().options.partnerCenterRequiresMfa && !check.claims.amr?.includes("mfa")) {
      return pcError(
        401,
        state().options.partnerCenterMfaRefusalCode,
        "Multi-factor authentication is required: the access token has no MFA claim. Sign in with MFA to create the refresh token.",
      );
    }
    if (!state().tenants.some((t) => t.id === check.claims.tid && t.kind === "partner")) {
      return pcError(403, 900, `Tenant ${check.claims.tid} is not a Cloud Solution Provider partner.`);
    }
    return { userId: check.claims.oid };
  }
  const refused = (auth: EmulatorResponse | { userId: string }): auth is EmulatorResponse => "status" in auth;

  /**
   * CPV consent acts in the customer tenant as the partner user, so it needs a GDAP role the table
   * lists for it there. The status and code of this refusal are UNCONFIRMED (403 assumed).
   */
  function gdapRefusal(
    userId: string,
    customerId: string,
    action: "cpvConsent" | "cpvConsentRemoval",
  ): EmulatorResponse | undefined {
    if (!state().tenants.some((t) => t.id === customerId.toLowerCase() && t.kind === "customer"))
      return undefined; // answered 404 by the consent itself
    const missing = missingGdapRole(state(), userId, customerId, action);
    return missing
      ? pcError(
          403,
          403,
          `The partner user has no GDAP role in customer ${customerId} that allows application consent (needs ${missing}).`,
        )
      : undefined;
  }

  // The documented list item: no commerceId, allowDelegatedAccess, customDomains,
  // associatedPartnerId or per-item links.
  const toCustomer = (t: { id: string; defaultDomain: string; displayName: string }) => ({
    id: t.id,
    companyProfile: {
      tenantId: t.id,
      domain: t.defaultDomain,
      companyName: t.displayName,
      attributes: { objectType: "CustomerCompanyProfile" },
    },
    relationshipToPartner: "reseller",
    attributes: { objectType: "Customer" },
  });

  router.add("partnerCenter.customers.list", "GET", /^\/v1\/customers$/, (req) => {
    const auth = authorize(req);
    if (refused(auth)) return withIds(req, auth);
    const max = state().options.customersMaxPageSize;
    const sizeRaw = req.url.searchParams.get("size");
    const size = sizeRaw === null ? max : Number(sizeRaw);
    if (!Number.isInteger(size) || size < 1 || size > max) {
      return withIds(req, pcError(400, 400, `The size parameter must be between 1 and ${max}.`));
    }
    let offset = 0;
    if (req.url.searchParams.get("seekOperation") === "Next") {
      const token = headerValue(req, "ms-continuationtoken");
      const decoded = token ? Number(Buffer.from(token, "base64url").toString()) : NaN;
      if (!Number.isInteger(decoded) || decoded < 0) {
        return withIds(
          req,
          pcError(400, 400, "The continuation token is missing or invalid (header MS-ContinuationToken)."),
        );
      }
      offset = decoded;
    }
    const customers = state().tenants.filter((t) => t.kind === "customer");
    const items = customers.slice(offset, offset + size).map(toCustomer);
    const next =
      offset + size < customers.length ? Buffer.from(String(offset + size)).toString("base64url") : undefined;
    const body = {
      totalCount: items.length,
      items,
      links: {
        self: link(`/v1/customers?size=${size}`),
        ...(next
          ? {
              next: link(`/v1/customers?size=${size}&seekOperation=Next`, [
                { key: "MS-ContinuationToken", value: next },
              ]),
            }
          : {}),
      },
      ...(next ? { continuationToken: next } : {}),
      attributes: { objectType: "Collection" },
    };
    return withIds(req, { status: 200, body });
  });

  /** 50 requests/s per applicationId across POST and DELETE, as the documented limit. */
  function throttle(applicationId: string): EmulatorResponse | undefined {
    const now = Date.now();
    const recent = (consentWindow.get(applicationId) ?? []).filter((t) => now - t < 1000);
    if (recent.length >= state().options.consentRateLimitPerSecond) {
      consentWindow.set(applicationId, recent);
      const wait = Math.max(1, Math.ceil((1000 - (now - recent[0])) / 1000));
      return {
        status: 429,
        headers: { "Retry-After": String(wait) },
        body: { statusCode: 429, message: `Rate limit is exceeded. Try again in ${wait} seconds.` },
      };
    }
    recent.push(now);
    consentWindow.set(applicationId, recent);
    return undefined;
  }

  function replayable(req: EmulatorRequest, handle: () => EmulatorResponse): EmulatorResponse {
    const requestId = headerValue(req, "ms-requestid");
    const key = requestId ? `${req.method} ${req.path} ${requestId}` : undefined;
    if (key && idempotent.has(key)) return idempotent.get(key)!;
    const res = withIds(req, handle());
    if (key && res.status !== 429 && res.status < 500) idempotent.set(key, res);
    return res;
  }

  router.add(
    "partnerCenter.applicationConsents.create",
    "POST",
    /^\/v1\/customers\/([^/]+)\/applicationconsents$/,
    (req, [customerId]) =>
      replayable(req, () => {
        const auth = authorize(req);
        if (refused(auth)) return auth;
        const parsed = applicationConsentRequestSchema.safeParse(parseJson(req.body));
        if (!parsed.success) {
          return pcError(
            400,
            400,
            `The request body is not a valid application consent: ${parsed.error.issues.map((i) => i.path.join(".") || i.message).join(", ")}.`,
          );
        }
        const throttled = throttle(parsed.data.applicationId);
        if (throttled) return throttled;
        const noRole = gdapRefusal(auth.userId, customerId, "cpvConsent");
        if (noRole) return noRole;
        const outcome = grantConsent(ctx, customerId, parsed.data);
        if (!outcome.ok && outcome.reason === "customer-not-found")
          return pcError(404, 600026, `Customer ${customerId} was not found.`);
        // UNCONFIRMED how Partner Center words these (and an unknown application id: see
        // refuseUnknownApplications); Entra's text is passed through.
        if (!outcome.ok && outcome.reason === "invalid-grant") return pcError(400, 400, outcome.message);
        if (!outcome.ok)
          return pcError(state().options.duplicateConsentStatus, 600041, "Permission entry already exists.");
        return { status: 201, body: parsed.data };
      }),
  );

  router.add(
    "partnerCenter.applicationConsents.delete",
    "DELETE",
    /^\/v1\/customers\/([^/]+)\/applicationconsents\/([^/]+)$/,
    (req, [customerId, appId]) =>
      replayable(req, () => {
        const auth = authorize(req);
        if (refused(auth)) return auth;
        const throttled = throttle(appId);
        if (throttled) return throttled;
        const noRole = gdapRefusal(auth.userId, customerId, "cpvConsentRemoval");
        if (noRole) return noRole;
        const outcome = revokeConsent(ctx, customerId, appId);
        if (!outcome.ok && outcome.reason === "customer-not-found")
          return pcError(404, 600026, `Customer ${customerId} was not found.`);
        if (!outcome.ok)
          return pcError(
            404,
            600027,
            `No application consent of ${appId} exists for customer ${customerId}.`,
          );
        return { status: state().options.consentDeleteStatus };
      }),
  );
}
