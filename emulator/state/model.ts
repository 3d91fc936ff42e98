import { z } from "zod";

import { GDAP_STATUSES } from "../../provider/contracts/graph";

/**
 * The emulator's whole world: Entra tenants and their directory objects, the partner's apps and
 * users, Partner Center consents and Rewst's organizations and CSP customers. Persisted as JSON.
 */
export const tenantSchema = z.object({
  id: z.string(),
  defaultDomain: z.string(),
  displayName: z.string(),
  kind: z.enum(["partner", "customer"]),
});

export const appRegistrationSchema = z.object({
  appId: z.string(),
  displayName: z.string(),
  homeTenantId: z.string(),
  /** Client secrets the token endpoint accepts. */
  secrets: z.array(z.string()).min(1),
});

export const partnerUserSchema = z.object({
  id: z.string(),
  userPrincipalName: z.string(),
  displayName: z.string(),
  tenantId: z.string(),
});

export const refreshTokenSchema = z.object({
  token: z.string(),
  clientId: z.string(),
  userId: z.string(),
  expiresAt: z.string(),
  revoked: z.boolean(),
  /** Whether the sign-in that issued it completed MFA (tokens redeemed from it carry amr "mfa"). */
  mfa: z.boolean().default(true),
});

/** A security group of the partner tenant (GDAP access assignments name these). */
export const partnerGroupSchema = z.object({
  id: z.string(),
  displayName: z.string(),
  memberIds: z.array(z.string()),
});

export const servicePrincipalRecordSchema = z.object({
  id: z.string(),
  tenantId: z.string(),
  appId: z.string(),
  displayName: z.string(),
  appOwnerOrganizationId: z.string().nullable(),
  accountEnabled: z.boolean(),
  /** "Application" for apps, "ManagedIdentity" for managed identities (whose appDisplayName is null). */
  servicePrincipalType: z
    .enum(["Application", "ManagedIdentity", "Legacy", "SocialIdp"])
    .default("Application"),
  createdDateTime: z.string(),
  /** Graph only shows the object after this instant (eventual consistency). */
  visibleAfter: z.string(),
});

export const grantRecordSchema = z.object({
  id: z.string(),
  tenantId: z.string(),
  clientId: z.string(),
  consentType: z.enum(["AllPrincipals", "Principal"]),
  principalId: z.string().nullable(),
  resourceId: z.string(),
  scope: z.string(),
  visibleAfter: z.string(),
  /** A revoked grant: gone for writes at once, still read back for `revocationLingerMs`. */
  deletedAt: z.string().nullable().default(null),
  /** After a PATCH, Graph reads the old scopes back until `scopeVisibleAfter` (replication). */
  previousScope: z.string().nullable().default(null),
  scopeVisibleAfter: z.string().nullable().default(null),
});

export const appRoleAssignmentRecordSchema = z.object({
  id: z.string(),
  tenantId: z.string(),
  principalId: z.string(),
  resourceId: z.string(),
  appRoleId: z.string(),
  createdDateTime: z.string(),
  /** Listings show it only from this instant (replication); the duplicate check sees it at once. */
  listedFrom: z.string().optional(),
});

export const gdapRelationshipRecordSchema = z.object({
  id: z.string(),
  partnerTenantId: z.string(),
  customerTenantId: z.string(),
  customerDisplayName: z.string(),
  displayName: z.string(),
  status: z.enum(GDAP_STATUSES),
  /** Indirect resellers' relationships are listed as resellerDelegatedAdminRelationship. */
  kind: z.enum(["delegated", "reseller"]).default("delegated"),
  duration: z.string(),
  autoExtendDuration: z.string(),
  roleDefinitionIds: z.array(z.string()),
  createdDateTime: z.string(),
  activatedDateTime: z.string().nullable(),
  endDateTime: z.string().nullable(),
  /** Which partner group holds which of the relationship's roles. */
  accessAssignments: z
    .array(
      z.object({
        id: z.string(),
        groupId: z.string(),
        roleDefinitionIds: z.array(z.string()),
        status: z.enum(["pending", "active", "deleting", "deleted", "error"]),
      }),
    )
    .default([]),
});

export const consentRecordSchema = z.object({
  customerTenantId: z.string(),
  applicationId: z.string(),
  displayName: z.string().optional(),
  grants: z.array(z.object({ enterpriseApplicationId: z.string(), scope: z.string() })),
  createdAt: z.string(),
});

export const rewstOrganizationSchema = z.object({
  id: z.string(),
  name: z.string(),
  domain: z.string().nullable(),
  managingOrgId: z.string().nullable(),
  isMsp: z.boolean(),
  isEnabled: z.boolean(),
  createdAt: z.string(),
});

export const rewstPackConfigSchema = z.object({
  id: z.string(),
  orgId: z.string(),
  packRef: z.string(),
  name: z.string(),
  cspTenantId: z.string(),
  /** The CPV application Rewst consents on behalf of (the "Rewst CSP Connector"). */
  cpvApplicationId: z.string(),
  cpvDisplayName: z.string(),
  /** Grants Rewst requests when a consent request names none. UNCONFIRMED default set. */
  defaultGrants: z.array(z.object({ enterpriseApplicationId: z.string(), scope: z.string() })),
});

/** A CSP customer as stored: the non-null fields of Rewst's `MicrosoftCSPCustomer`, links by id. */
export const rewstCspCustomerSchema = z.object({
  id: z.string(),
  tenantId: z.string(),
  cspTenantId: z.string(),
  companyName: z.string(),
  hasConsent: z.boolean(),
  gdapRelationshipId: z.string().nullable(),
  gdapRelationshipStatus: z.string().nullable(),
  cspPackConfigId: z.string(),
  linkedOrganizationIds: z.array(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const rewstCredentialSchema = z.object({
  kind: z.enum(["cookie", "bearer"]),
  value: z.string(),
  userId: z.string(),
  /** Organization whose pack configs this credential may use. */
  orgId: z.string(),
});

/** Behaviour switches for facts the references mark UNCONFIRMED. */
export const emulatorOptionsSchema = z.object({
  /** Delay before consent-created objects are visible through Graph (replication; UNCONFIRMED length). */
  propagationDelayMs: z.number().int().min(0).default(1500),
  /** Delay before a service principal created through Graph can be read back (it 404s until then). */
  graphCreateDelayMs: z.number().int().min(0).default(500),
  /** How long a revoked consent's grants are still read back after removal. */
  revocationLingerMs: z.number().int().min(0).default(1000),
  /**
   * GDAP role enforcement: a partner user acts in a customer tenant only with the roles its groups hold
   * through active access assignments of active relationships, per action as the one table in
   * provider/domain/gdapRoles.ts lists Microsoft's documented roles.
   */
  enforceGdapRoles: z.boolean().default(true),
  /** UNCONFIRMED: whether GDAP gives roles to members of a group nested in the assigned group. */
  gdapHonoursNestedGroups: z.boolean().default(false),
  /** UNCONFIRMED: the code of Partner Center's refusal of a token without MFA (900421 since 2026; 10001 earlier). */
  partnerCenterMfaRefusalCode: z.union([z.literal(900421), z.literal(10001)]).default(900421),
  /** Partner Center refuses app+user tokens without an MFA claim (401, code 900421), as since 2026. */
  partnerCenterRequiresMfa: z.boolean().default(true),
  /** Whether removing a consent also deletes the app's service principal (default: it stays). */
  consentRemovalDeletesServicePrincipal: z.boolean().default(false),
  /** Partner Center applicationconsents requests per second per applicationId. */
  consentRateLimitPerSecond: z.number().int().positive().default(50),
  /** Largest page /v1/customers serves. */
  customersMaxPageSize: z.number().int().positive().default(500),
  /**
   * UNCONFIRMED: Partner Center's answer to a consent for an application id no application object
   * has (no document shows it). Refused by default, as Graph refuses a principal for such an id
   * (400 "does not reference a valid application object"); off, the consent is granted as asked.
   */
  refuseUnknownApplications: z.boolean().default(true),
  /** Status of a duplicate consent POST (409 assumed; the body says "Permission entry already exists"). */
  duplicateConsentStatus: z.union([z.literal(409), z.literal(400)]).default(409),
  /** Status of a successful consent DELETE (documented 200/"201"; 204 assumed in practice). */
  consentDeleteStatus: z.union([z.literal(200), z.literal(201), z.literal(204)]).default(204),
  accessTokenLifetimeSeconds: z.number().int().positive().default(3599),
  refreshTokenLifetimeDays: z.number().int().positive().default(90),
  /** Whether a rotated refresh token stops working (Entra keeps it valid; switch on to test rotation). */
  revokeRotatedRefreshTokens: z.boolean().default(false),
  /** HTTP status of a GraphQL document that does not parse or validate (UNCONFIRMED; Apollo answers 400). */
  /** A consent stream that accepts the subscription, then sends nothing for this long (a stalled Rewst). */
  rewstConsentStreamStallMs: z.number().int().min(0).default(0),
  /** UNCONFIRMED: whether linkMicrosoftCSPCustomer replaces the customer's links instead of adding. */
  rewstLinkReplacesLinks: z.boolean().default(false),
  rewstInvalidDocumentStatus: z.union([z.literal(200), z.literal(400)]).default(400),
  /** Cookie name of Rewst session auth (region dependent). */
  rewstCookieName: z.string().default("appSession"),
});

export const emulatorStateSchema = z.object({
  version: z.literal(1),
  options: emulatorOptionsSchema,
  tenants: z.array(tenantSchema),
  apps: z.array(appRegistrationSchema),
  /** Apps registered elsewhere (Rewst's) whose service principals can be created in any tenant. */
  multiTenantApps: z.array(z.object({ appId: z.string(), displayName: z.string() })).default([]),
  users: z.array(partnerUserSchema),
  partnerGroups: z.array(partnerGroupSchema).default([]),
  refreshTokens: z.array(refreshTokenSchema),
  servicePrincipals: z.array(servicePrincipalRecordSchema),
  grants: z.array(grantRecordSchema),
  appRoleAssignments: z.array(appRoleAssignmentRecordSchema),
  gdapRelationships: z.array(gdapRelationshipRecordSchema),
  consents: z.array(consentRecordSchema),
  rewst: z.object({
    organizations: z.array(rewstOrganizationSchema),
    packConfigs: z.array(rewstPackConfigSchema),
    cspCustomers: z.array(rewstCspCustomerSchema),
    credentials: z.array(rewstCredentialSchema),
  }),
});
export type EmulatorState = z.infer<typeof emulatorStateSchema>;
export type Tenant = z.infer<typeof tenantSchema>;
export type ServicePrincipalRecord = z.infer<typeof servicePrincipalRecordSchema>;
export type GrantRecord = z.infer<typeof grantRecordSchema>;
export type RewstCspCustomer = z.infer<typeof rewstCspCustomerSchema>;
