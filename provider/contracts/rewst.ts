import { z } from "zod";

import { orElse, orNull } from "./wire";

/**
 * Rewst GraphQL: the documents the client sends and the shapes it reads back. Every document here is
 * validated against Rewst's own SDL (`rewst.graphqls`) by a unit test. Reading is lenient: only the
 * fields the code uses are required, unknown fields and unknown event types are accepted.
 */
export const CSP_CUSTOMER_FIELDS =
  "id tenantId cspTenantId companyName hasConsent gdapRelationshipId gdapRelationshipStatus linkedOrganizations { id name }";

/** Every operation the provider sends to Rewst, by purpose. */
export const REWST_OPERATIONS = {
  customerByTenant: `query CustomerByTenant($c: ID!, $t: String) { microsoftCSPCustomer(cspPackConfigId: $c, where: { tenantId: $t }) { ${CSP_CUSTOMER_FIELDS} } }`,
  customerById: `query CustomerById($c: ID!, $id: ID) { microsoftCSPCustomer(cspPackConfigId: $c, where: { id: $id }) { ${CSP_CUSTOMER_FIELDS} } }`,
  userOrganization: "query UserOrganization { userOrganization { id } }",
  customers: `query Customers($c: ID!) { microsoftCSPCustomers(cspPackConfigId: $c) { ${CSP_CUSTOMER_FIELDS} } }`,
  link: `mutation Link($c: ID!, $id: ID!, $o: [ID!]!) { linkMicrosoftCSPCustomer(cspPackConfigId: $c, customerId: $id, orgIds: $o) { ${CSP_CUSTOMER_FIELDS} } }`,
  unlink: `mutation Unlink($c: ID!, $id: ID!, $o: [ID!]!) { unlinkMicrosoftCSPCustomer(cspPackConfigId: $c, customerId: $id, orgIds: $o) }`,
  consentRequest: `subscription ConsentRequest($a: CSPConsentAction, $p: ID!, $t: [ID!]!, $g: [CSPApplicationGrant!]) {
    microsoftCSPConsentRequest(action: $a, packConfigId: $p, tenantIds: $t, applicationGrants: $g) {
      __typename
      ... on BaseMicrosoftCSPConsentResponse { event isFinished }
      ... on MicrosoftCSPConsentStreamMessage { action updatedTenantIds errors }
      ... on MicrosoftCSPConsentStreamSuccessResponse { didSucceed }
      ... on MicrosoftCSPConsentStreamFailureResponse { didSucceed errors }
    }
  }`,
} as const;

/** `Organization.id` is nullable in Rewst's schema; an organization without an id cannot be mapped. */
const linkedOrganizationsSchema = z
  .array(z.object({ id: z.string().nullish(), name: z.string().nullish() }).nullable())
  .nullish()
  .transform((orgs) => (orgs ?? []).flatMap((o) => (o?.id ? [{ id: o.id, name: o.name ?? "" }] : [])));

export const microsoftCspCustomerSchema = z.object({
  id: z.string(),
  tenantId: z.string(),
  cspTenantId: orNull(z.string()),
  companyName: orElse(z.string(), ""),
  hasConsent: orElse(z.boolean(), false),
  gdapRelationshipId: orNull(z.string()),
  gdapRelationshipStatus: orNull(z.string()),
  linkedOrganizations: linkedOrganizationsSchema,
});
export type MicrosoftCspCustomer = z.infer<typeof microsoftCspCustomerSchema>;

export const graphqlErrorSchema = z.looseObject({
  message: z.string(),
  extensions: z.looseObject({ code: z.string().optional() }).nullish(),
});

export const graphqlResponseSchema = z.object({
  data: z.unknown().nullable().optional(),
  errors: z.array(graphqlErrorSchema).nullish(),
});

/** Rewst's own words for a list of GraphQL errors, with their codes. */
export function quoteGraphqlErrors(errors: readonly z.infer<typeof graphqlErrorSchema>[]): string {
  return errors
    .map((e) => (e.extensions?.code ? `${e.message} (${e.extensions.code})` : e.message))
    .join("; ");
}

/**
 * One event of the `microsoftCSPConsentRequest` subscription (union
 * `MicrosoftCSPConsentRequestStreamEvent`). Every member carries `event` and `isFinished`; types Rewst
 * may add later are kept as plain events.
 */
export const consentEventSchema = z.object({
  __typename: z.string(),
  event: z.string().nullish(),
  isFinished: z.boolean().nullish(),
  didSucceed: z.boolean().nullish(),
  errors: z.array(z.string()).nullish(),
  updatedTenantIds: z.array(z.string()).nullish(),
});
export type ConsentEvent = z.infer<typeof consentEventSchema>;

export const CONSENT_SUCCESS_TYPE = "MicrosoftCSPConsentStreamSuccessResponse";
export const CONSENT_FAILURE_TYPE = "MicrosoftCSPConsentStreamFailureResponse";

export type ConsentOutcome =
  | { outcome: "succeeded" }
  | { outcome: "failed"; errors: string[] }
  /** The stream ended without a success or failure response (UNCONFIRMED whether Rewst ever does). */
  | { outcome: "unknown" };

/** What a finished consent stream says: an explicit failure wins, then errors, then success. */
export function consentOutcome(events: readonly ConsentEvent[]): ConsentOutcome {
  const errors = [...new Set(events.flatMap((e) => e.errors ?? []))];
  const failed = events.some(
    (e) =>
      e.__typename === CONSENT_FAILURE_TYPE ||
      (e.__typename === CONSENT_SUCCESS_TYPE && e.didSucceed === false),
  );
  if (failed) return { outcome: "failed", errors };
  if (errors.length > 0) return { outcome: "failed", errors };
  if (events.some((e) => e.__typename === CONSENT_SUCCESS_TYPE)) return { outcome: "succeeded" };
  return { outcome: "unknown" };
}
