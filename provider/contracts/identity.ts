import { z } from "zod";

import { orElse } from "./wire";

/** Token endpoint error body (400/401): `error` is an open set, the AADSTS number is in `error_codes`. */
export const tokenErrorSchema = z.object({
  error: z.string(),
  error_description: orElse(z.string(), ""),
  error_codes: orElse(z.array(z.number().int()), []),
  timestamp: z.string().nullish(),
  trace_id: z.string().nullish(),
  correlation_id: z.string().nullish(),
  suberror: z.string().nullish(),
});
export type TokenError = z.input<typeof tokenErrorSchema>;

/** The claims this project reads from access tokens. */
export const accessTokenClaimsSchema = z.object({
  aud: z.string(),
  iss: z.string(),
  tid: z.string(),
  appid: z.string(),
  oid: z.string().optional(),
  upn: z.string().optional(),
  scp: z.string().optional(),
  roles: z.array(z.string()).optional(),
  /** Authentication methods; "mfa" when the user completed multi-factor authentication. */
  amr: z.array(z.string()).optional(),
  iat: z.number(),
  nbf: z.number(),
  exp: z.number(),
});
export type AccessTokenClaims = z.infer<typeof accessTokenClaimsSchema>;

/** Well-known resource audiences. */
export const AUDIENCES = {
  graph: "https://graph.microsoft.com",
  partnerCenter: "https://api.partnercenter.microsoft.com",
} as const;

/** Well-known first-party application ids. */
export const WELL_KNOWN_APP_IDS = {
  microsoftGraph: "00000003-0000-0000-c000-000000000000",
  partnerCenter: "fa3d9a0c-3fb0-42cc-9193-47c7ecd2edbd",
  partnerCustomerDelegatedAdministration: "2832473f-ec63-45fb-976f-5d45a7d4bb91",
} as const;
