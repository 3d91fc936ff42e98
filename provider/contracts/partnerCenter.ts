import { z } from "zod";

/** Partner Center REST (v1) wire shapes. */
export const pcLinkSchema = z.object({
  uri: z.string(),
  method: z.string(),
  headers: z.array(z.object({ key: z.string(), value: z.string() })),
});
export type PcLink = z.infer<typeof pcLinkSchema>;

export const pcCustomerSchema = z.object({
  id: z.string(),
  commerceId: z.string(),
  companyProfile: z.object({
    tenantId: z.string(),
    domain: z.string(),
    companyName: z.string(),
    attributes: z.object({ objectType: z.literal("CustomerCompanyProfile") }),
  }),
  relationshipToPartner: z.string(),
  allowDelegatedAccess: z.boolean(),
  customDomains: z.array(z.string()),
  associatedPartnerId: z.string().nullable(),
  links: z.object({ self: pcLinkSchema }),
  attributes: z.object({ objectType: z.literal("Customer") }),
});
export type PcCustomer = z.infer<typeof pcCustomerSchema>;

export const pcCustomerCollectionSchema = z.object({
  totalCount: z.number().int(),
  items: z.array(pcCustomerSchema),
  links: z.object({ self: pcLinkSchema, next: pcLinkSchema.optional() }),
  continuationToken: z.string().optional(),
  attributes: z.object({ objectType: z.literal("Collection") }),
});
export type PcCustomerCollection = z.infer<typeof pcCustomerCollectionSchema>;

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
export type ApplicationConsentRequest = z.infer<typeof applicationConsentRequestSchema>;

export const applicationConsentSchema = z.object({
  applicationId: z.string(),
  displayName: z.string().optional(),
  applicationGrants: z.array(z.object({ enterpriseApplicationId: z.string(), scope: z.string() })),
});
export type ApplicationConsent = z.infer<typeof applicationConsentSchema>;

/** Error body of 4xx/5xx responses; `code` is a string in the docs and a number in real samples. */
export const pcErrorSchema = z.object({
  code: z.union([z.string(), z.number()]),
  description: z.string(),
  data: z.array(z.unknown()),
  source: z.string(),
});
export type PcError = z.infer<typeof pcErrorSchema>;

/** The distinct body of a throttled (429) response. */
export const pcThrottleSchema = z.object({ statusCode: z.literal(429), message: z.string() });
