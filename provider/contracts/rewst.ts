import { z } from "zod";

/** Rewst GraphQL shapes (field names of Rewst's schema) the client selects. */
export const rewstOrganizationRefSchema = z.object({ id: z.string(), name: z.string() });

export const microsoftCspCustomerSchema = z.object({
  id: z.string(),
  tenantId: z.string(),
  cspTenantId: z.string(),
  companyName: z.string(),
  hasConsent: z.boolean(),
  gdapRelationshipId: z.string().nullable(),
  gdapRelationshipStatus: z.string().nullable(),
  linkedOrganizations: z.array(rewstOrganizationRefSchema).nullable(),
});
export type MicrosoftCspCustomer = z.infer<typeof microsoftCspCustomerSchema>;

export const CSP_CUSTOMER_FIELDS =
  "id tenantId cspTenantId companyName hasConsent gdapRelationshipId gdapRelationshipStatus linkedOrganizations { id name }";

export const graphqlResponseSchema = z.object({
  data: z.unknown().nullable().optional(),
  errors: z.array(z.object({ message: z.string() }).passthrough()).optional(),
});

/** One event of the `microsoftCSPConsentRequest` subscription. */
export const consentEventSchema = z.union([
  z.object({
    __typename: z.literal("MicrosoftCSPConsentStreamMessage"),
    event: z.string().nullable(),
    updatedTenantIds: z.array(z.string()).nullable(),
    errors: z.array(z.string()).nullable(),
    isFinished: z.boolean().nullable(),
  }),
  z.object({ __typename: z.literal("MicrosoftCSPConsentSuccessResponse"), didSucceed: z.boolean() }),
  z.object({
    __typename: z.literal("MicrosoftCSPConsentFailureResponse"),
    didSucceed: z.boolean(),
    errors: z.array(z.string()).nullable(),
  }),
]);
export type ConsentEvent = z.infer<typeof consentEventSchema>;
