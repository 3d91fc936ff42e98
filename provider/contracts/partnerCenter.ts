import { z } from "zod";

import { orElse, orNull } from "./wire";

/**
 * Partner Center REST (v1) shapes. What we read is lenient (the documented list response omits
 * `commerceId`, `allowDelegatedAccess`, `customDomains`, `associatedPartnerId` and per-item links);
 * what we send is exact.
 */
export const pcLinkSchema = z.object({
  uri: z.string(),
  method: z.string().nullish(),
  headers: orElse(z.array(z.object({ key: z.string(), value: z.string() })), []),
});
export type PcLink = z.input<typeof pcLinkSchema>;

export const pcCustomerSchema = z.object({
  id: z.string(),
  companyProfile: z.object({
    tenantId: z.string(),
    domain: orNull(z.string()),
    companyName: orElse(z.string(), ""),
  }),
  relationshipToPartner: orNull(z.string()),
});
export type PcCustomer = z.infer<typeof pcCustomerSchema>;

export const pcCustomerCollectionSchema = z.object({
  items: orElse(z.array(pcCustomerSchema), []),
  links: z.object({ next: pcLinkSchema.nullish() }).nullish(),
});

/** Accepts the documented camelCase and the PascalCase that real clients send. */
const grantInputSchema = z.union([
  z.object({ enterpriseApplicationId: z.string(), scope: z.string() }),
  z
    .object({ EnterpriseApplicationId: z.string(), Scope: z.string() })
    .transform((g) => ({ enterpriseApplicationId: g.EnterpriseApplicationId, scope: g.Scope })),
]);

export const applicationConsentRequestSchema = z.union([
  z.object({
    applicationId: z.string(),
    displayName: z.string().optional(),
    applicationGrants: z.array(grantInputSchema).min(1),
  }),
  z
    .object({
      ApplicationId: z.string(),
      DisplayName: z.string().optional(),
      ApplicationGrants: z.array(grantInputSchema).min(1),
    })
    .transform((c) => ({
      applicationId: c.ApplicationId,
      displayName: c.DisplayName,
      applicationGrants: c.ApplicationGrants,
    })),
]);

export const applicationConsentSchema = z.object({
  applicationId: z.string(),
  displayName: z.string().optional(),
  applicationGrants: z.array(z.object({ enterpriseApplicationId: z.string(), scope: z.string() })),
});
export type ApplicationConsent = z.infer<typeof applicationConsentSchema>;

/**
 * Error body of 4xx/5xx responses: `code` and `description` are the minimum (`code` a string in the
 * docs and a number in real samples); `data`, `source` and `errorName` may be absent.
 */
export const pcErrorSchema = z.object({
  code: z.union([z.string(), z.number()]).transform((v) => String(v)),
  description: orElse(z.string(), ""),
});
export type PcError = z.input<typeof pcErrorSchema> & { data?: unknown[]; source?: string };

/** The distinct body of a throttled (429) response. */
export const pcThrottleSchema = z.object({ statusCode: z.literal(429), message: z.string() });

/**
 * Partner Center's group of admin agents in the partner tenant; Microsoft's CPV-under-GDAP guidance
 * wants the consenting user in it.
 */
export const ADMIN_AGENTS = "AdminAgents";
