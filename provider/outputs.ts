/**
 * What each resource stores beyond its inputs: the one declaration of its output shape, read by
 * the provider (which computes it), the resource classes (their output properties) and the policy
 * pack (which judges it). Import-free, so the policy pack compiles it without the provider.
 */

/** A delegated grant: scopes on one resource application (by its appId). */
export interface GrantShape {
  enterpriseApplicationId: string;
  scopes: string[];
}

/** Lists the keys of a computed-output shape, checked by the compiler against the shape. */
const computedKeys =
  <T>() =>
  <const K extends readonly (keyof T)[]>(keys: K & ([keyof T] extends [K[number]] ? unknown : never)) =>
    keys;

/** What GDAP gives the partner in one customer tenant: its relationship and the roles it yields. */
export interface GdapSummary {
  /** Status of the relationship judged (an active one first), or null without any. */
  status: string | null;
  /** The relationship judged (the active one ending last), for the admin to find it. */
  relationshipId: string | null;
  relationshipName: string | null;
  /** Role template ids the partner user holds there (active assignments of its groups). */
  roles: string[];
  /** Role template ids the relationship grants (Global Administrator among them blocks auto-extend). */
  relationshipRoles: string[];
  endDateTime: string | null;
  /** ISO 8601 duration; PT0S: auto-extend is off. */
  autoExtendDuration: string | null;
  /**
   * Whose roles decide the consent: the partner user's (Partner Center channel), or Rewst's
   * integration user's (`via: rewst`), which cannot be read, so `roles` are not judged.
   */
  judgedFor?: "partnerUser" | "rewst";
  /** What the gate relied on or could not check (nested groups, AdminAgents), for the gdap-advice policy. */
  advice?: string[];
  /** Whether the partner user is in AdminAgents (absent: not looked at). */
  inAdminAgents?: boolean;
}

/** active: visible in the tenant; pending: granted but not visible within the wait; missing: the
 *  principal has gone from the tenant (deleted out of band); disabled: an admin blocked the app. */
export type ConsentStatus = "active" | "pending" | "missing" | "disabled";

/**
 * The drift of a consent as its last read judged it (provider/domain/drift.ts): entries are
 * "resourceAppId:value", the app id in lower case, the value as the declaration (missing) or the
 * tenant (extra) writes it.
 */
export interface ConsentDriftVerdict {
  /** present: the principal was read; missing: deleted since; pending: never seen yet. */
  principal: "present" | "missing" | "pending";
  /** The principal now in the tenant is not the one first observed. */
  recreated: boolean;
  /** An admin turned the principal's sign-ins off. */
  disabled: boolean;
  missingScopes: string[];
  extraScopes: string[];
  /** On the resources whose app roles the declaration manages only. */
  missingAppRoles: string[];
  extraAppRoles: string[];
}

export interface CpvConsentComputed {
  /** Object id of the app's service principal in the customer tenant (empty while pending). */
  servicePrincipalObjectId: string;
  /** Object id first observed; a different current id means the principal was re-created. */
  originalServicePrincipalObjectId: string;
  /**
   * Object id of the principal this consent created (empty when it found one there and adopted
   * it, or state predates the field): offboarding deletes that principal and no other.
   */
  createdServicePrincipalObjectId: string;
  /** The grants as declared, kept beside the observed `grants` so policies can compare them. */
  declaredGrants: GrantShape[];
  /** Other service principals in the tenant with this display name but another app id (leftovers). */
  staleServicePrincipals: { objectId: string; appId: string; displayName: string }[];
  /** Observed delegated scopes per resource appId. */
  grantedScopes: Record<string, string[]>;
  /** Observed app roles (values) per resource appId, where the app holds any. */
  grantedAppRoles: Record<string, string[]>;
  /** Status of the customer's GDAP relationship with the partner (null: none). */
  gdapStatus: string | null;
  /** The customer's GDAP relationship and roles, for the gdap-* policies (null when it cannot be read). */
  gdap: GdapSummary | null;
  consentedAt: string;
  /** MS-CorrelationId of the operation that consented. */
  correlationId: string;
  status: ConsentStatus;
  /** What the last read judged: the one record diff, the policy pack and the report read. */
  drift: ConsentDriftVerdict;
}
export const CPV_CONSENT_COMPUTED_KEYS = computedKeys<CpvConsentComputed>()([
  "servicePrincipalObjectId",
  "originalServicePrincipalObjectId",
  "createdServicePrincipalObjectId",
  "declaredGrants",
  "staleServicePrincipals",
  "grantedScopes",
  "grantedAppRoles",
  "gdapStatus",
  "gdap",
  "consentedAt",
  "correlationId",
  "status",
  "drift",
]);

export interface ClientMappingComputed {
  /** The pack config used (the input, or rewst-csp:cspPackConfigId). */
  cspPackConfigId: string;
  /** Rewst's id of the CSP customer (not the tenant id). */
  customerId: string;
  companyName: string;
  hasConsent: boolean;
  linkedOrganizationIds: string[];
  gdapRelationshipStatus: string | null;
}
export const CLIENT_MAPPING_COMPUTED_KEYS = computedKeys<ClientMappingComputed>()([
  "cspPackConfigId",
  "customerId",
  "companyName",
  "hasConsent",
  "linkedOrganizationIds",
  "gdapRelationshipStatus",
]);

/**
 * A planned-input annotation of an EnterpriseApplication to be created: the principal check() found
 * in the tenant (the create will adopt it), so the policy pack judges it before it is in state.
 */
export interface PrincipalAtPlan {
  objectId: string;
  accountEnabled: boolean;
}
export const PRINCIPAL_AT_PLAN = "principalAtPlan";

export interface EnterpriseApplicationComputed {
  objectId: string;
  /** Object id when first observed; a different current id means the principal was re-created. */
  originalObjectId: string;
  displayName: string;
  accountEnabled: boolean;
  /** "disabled" when an admin turned sign-ins off (accountEnabled false). */
  status: "active" | "disabled";
  /** True when the service principal existed before this resource: delete leaves it alone. */
  adopted: boolean;
  /** Delegated grants the service principal holds: resource object id → scopes. */
  delegatedGrants: { resourceId: string; scopes: string[] }[];
  /** Application permissions: resource object id and app role id. */
  appRoleAssignments: { resourceId: string; appRoleId: string }[];
}
export const ENTERPRISE_APPLICATION_COMPUTED_KEYS = computedKeys<EnterpriseApplicationComputed>()([
  "objectId",
  "originalObjectId",
  "displayName",
  "accountEnabled",
  "status",
  "adopted",
  "delegatedGrants",
  "appRoleAssignments",
]);

/** Placeholders for the computed outputs a resource registers with the engine (filled by create). */
export const unknownOutputs = (keys: readonly string[]): Record<string, undefined> =>
  Object.fromEntries(keys.map((key) => [key, undefined]));
