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
    code: "AUTH_NO_CONSENT",
    explain: ({ appId, tenantId }) =>
      `the service principal of ${appId} in tenant ${tenantId} is not created yet; retry in a minute`,
  },
  50020: {
    code: "AUTH_NO_GDAP",
    explain: ({ tenantId }) =>
      `the partner user has no active GDAP relationship with tenant ${tenantId} (or is not in a GDAP security group); approve or renew GDAP for this customer`,
  },
  50177: {
    code: "AUTH_NO_GDAP",
    explain: ({ tenantId }) =>
      `the partner user cannot act in tenant ${tenantId} through GDAP; check the GDAP security groups`,
  },
  700082: {
    code: "AUTH_REFRESH_TOKEN_EXPIRED",
    explain: () =>
      "the partner refresh token expired; create a new one with the secure application model consent flow and set rewst-csp:partnerRefreshToken (secret)",
  },
  50173: {
    code: "AUTH_REFRESH_TOKEN_EXPIRED",
    explain: () =>
      "the partner refresh token was revoked; create a new one and set rewst-csp:partnerRefreshToken",
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
  // msal messages carry no secrets (request bodies are not included); keep the first line only.
  return new ProviderError(
    "AUTH_FAILED",
    `token request for tenant ${tenantId} failed: ${text.split("\n")[0].slice(0, 300)}`,
  );
}
