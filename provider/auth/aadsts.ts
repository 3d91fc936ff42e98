import { ProviderError, type ProviderErrorCode } from "../errors";

/** Entra ID error codes this project meets, and what they mean for an MSP. */
const TRANSLATIONS: Record<
  number,
  { code: ProviderErrorCode; explain: (t: { appId: string; tenantId: string }) => string }
> = {
  65001: {
    code: "AUTH_NO_CONSENT",
    explain: ({ appId, tenantId }) =>
      `application ${appId} has no consent (no service principal) in tenant ${tenantId}; declare a CpvConsent for it and run pulumi up, or consent in Partner Center`,
  },
  650051: {
    code: "AUTH_SCOPE_INVALID",
    explain: ({ tenantId }) =>
      `tenant ${tenantId} refused the requested scopes: the scope string is longer than the 8,000 characters Entra accepts, or names a permission the resource does not publish; check the declared grants for misspelled or deprecated scopes`,
  },
  50020: {
    code: "AUTH_NO_GDAP",
    explain: ({ tenantId }) =>
      `the partner user has no active GDAP relationship with tenant ${tenantId} (or is not in a GDAP security group); approve or renew GDAP for this customer`,
  },
  50177: {
    code: "AUTH_PASSTHROUGH_UNSUPPORTED",
    explain: ({ tenantId }) =>
      `tenant ${tenantId} asked for an external challenge (MFA) that a passthrough (partner) user cannot answer; this is not a GDAP problem: use a partner account that completes MFA in the partner tenant, or exclude partner service users from the customer's external MFA provider`,
  },
  53003: {
    code: "AUTH_CONDITIONAL_ACCESS",
    explain: ({ tenantId }) =>
      `a Conditional Access policy blocked the sign-in to tenant ${tenantId}; ask the tenant's admin to exclude service provider users (or your automation's location) from the policy, and see the sign-in log for the policy id`,
  },
  50076: {
    code: "AUTH_MFA_REQUIRED",
    explain: ({ tenantId }) =>
      `tenant ${tenantId} requires multi-factor authentication; create the partner refresh token in an interactive sign-in that completes MFA (secure application model) and set rewst-csp:partnerRefreshToken`,
  },
  50079: {
    code: "AUTH_MFA_REQUIRED",
    explain: ({ tenantId }) =>
      `the partner user must register for multi-factor authentication before signing in to tenant ${tenantId}; register MFA, then create a new refresh token`,
  },
  500011: {
    code: "AUTH_RESOURCE_NOT_IN_TENANT",
    explain: ({ tenantId }) =>
      `a resource application's service principal does not exist in tenant ${tenantId}; the API named in the grants is not provisioned there (small tenants lack some first-party apps)`,
  },
  700082: {
    code: "AUTH_REFRESH_TOKEN_EXPIRED",
    explain: () =>
      "the partner refresh token expired; create a new one with the secure application model consent flow and set rewst-csp:partnerRefreshToken (secret)",
  },
  50173: {
    code: "AUTH_REFRESH_TOKEN_EXPIRED",
    explain: () =>
      "the partner refresh token was revoked or replaced by a newer one (a process that redeemed it rotated it); store the newest with `rewst-csp rotate-token --stack <stack>` right after each renewal, or create a new one and set rewst-csp:partnerRefreshToken (secret)",
  },
  7000215: {
    code: "AUTH_INVALID_CLIENT",
    explain: ({ appId }) =>
      `the client secret of ${appId} is wrong; set rewst-csp:partnerAppSecret to the secret's value (not its id)`,
  },
  700016: {
    code: "AUTH_INVALID_CLIENT",
    explain: ({ appId, tenantId }) =>
      `application ${appId} is not known in tenant ${tenantId}; check rewst-csp:partnerAppId`,
  },
  90002: {
    code: "AUTH_TENANT_NOT_FOUND",
    explain: ({ tenantId }) => `tenant ${tenantId} does not exist; check the tenant id`,
  },
};

const MFA_REQUIRED = {
  code: "AUTH_MFA_REQUIRED",
  hint: "Partner Center requires an MFA claim in the app+user token: create the partner refresh token in an interactive sign-in that completes MFA and set rewst-csp:partnerRefreshToken",
} as const;
/**
 * Partner Center's own error codes with the same kind of advice (its 401 for an app+user token
 * without an MFA claim is code 900421 since 2026).
 */
export const PARTNER_CENTER_HINTS: Record<string, { code: ProviderErrorCode; hint: string }> = {
  "900421": MFA_REQUIRED,
  // The older "MFA required" code of Partner Center's first enforcement (UNCONFIRMED whether still sent).
  "10001": MFA_REQUIRED,
};

/**
 * The advice for a Partner Center refusal: by its code, else, since the body of the MFA refusal is
 * UNCONFIRMED, a 401 whose description speaks of multi-factor authentication.
 */
export function partnerCenterHint(
  status: number,
  code: string,
  description: string,
): { code: ProviderErrorCode; hint: string } | undefined {
  return (
    PARTNER_CENTER_HINTS[code] ??
    (status === 401 && /multi-?factor|\bMFA\b/i.test(description) ? MFA_REQUIRED : undefined)
  );
}

/** Extracts the AADSTS number from an msal error or token error body text. */
export function aadstsCode(text: string): number | undefined {
  const match = /AADSTS(\d+)/.exec(text);
  return match ? Number(match[1]) : undefined;
}

/** Turns a token failure into an actionable {@link ProviderError}; never includes secrets. */
export function translateTokenError(error: unknown, appId: string, tenantId: string): ProviderError {
  const text = error instanceof Error ? error.message : String(error);
  const number = aadstsCode(text);
  const known = number === undefined ? undefined : TRANSLATIONS[number];
  if (known) return new ProviderError(known.code, `AADSTS${number}: ${known.explain({ appId, tenantId })}`);
  // msal's own words are kept (first line); an answer body it quotes (HTML from a proxy, JSON) is
  // not: it may echo the request and it tells the reader nothing actionable.
  const first = text.split("\n")[0];
  const quotesBody = /[<>{}"]/.test(first) || first.length > 300;
  const errorCode = (error as { errorCode?: unknown } | null)?.errorCode;
  return new ProviderError(
    "AUTH_FAILED",
    `token request for tenant ${tenantId} failed: ${
      quotesBody
        ? `the token endpoint's answer was not a token response${typeof errorCode === "string" && errorCode ? ` (${errorCode})` : ""}; check rewst-csp:authorityHost and any proxy in between`
        : first
    }`,
  );
}
