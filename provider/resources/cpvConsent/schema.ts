import { z } from "zod";

import { consentGrantListSchema } from "../../domain/grants";
import { displayNameSchema, guidSchema, packConfigIdSchema, viaSchema } from "../../domain/identifiers";
import { shardOriginSchema } from "../../mappings/handover";
import type { CpvConsentComputed, GdapSummary } from "../../outputs";
import type { PropertyBag } from "../../dynamic/contract";
import { driftVerdictSchema, verdictOf } from "../../domain/drift";

/** Inputs of {@link CpvConsent}. */
export const cpvConsentInputsSchema = z.strictObject({
  customerTenantId: guidSchema,
  /** The application (client) id being consented, e.g. the Rewst CSP Connector. */
  applicationId: guidSchema,
  displayName: displayNameSchema,
  grants: consentGrantListSchema,
  /** partnerCenter: the MSP's own app calls Partner Center; rewst: Rewst's consent request. */
  via: viaSchema.default("partnerCenter"),
  /** For via "rewst": the MSP's CSP pack config; defaults to rewst-csp:cspPackConfigId. */
  cspPackConfigId: packConfigIdSchema.optional(),
  /** Set by declareFromMappings in a sharded fleet: delete refuses a customer moved to another shard. */
  shardOrigin: shardOriginSchema.optional(),
  /**
   * Removing the consent also deletes the app's service principal in the tenant (offboarding),
   * unless kept: a kept principal holds no grants but stays for an admin to inspect.
   */
  keepServicePrincipal: z.boolean().optional(),
});
export type CpvConsentInputs = z.infer<typeof cpvConsentInputsSchema>;

/** A grant as state holds it: what the tenant showed, which the input rules may refuse (read as stored). */
const storedGrantSchema = z.object({
  enterpriseApplicationId: z.string(),
  scopes: z.array(z.string()),
  appRoles: z.array(z.string()).optional(),
});
type StoredGrant = z.infer<typeof storedGrantSchema>;

/**
 * A consent as state holds it, every field this release reads: the identity that removal needs and
 * what the last create, update or read recorded. Stored props of earlier releases pass through
 * {@link upgradeStoredConsent} first, so this one schema reads every release's state.
 */
export const storedCpvConsentSchema = z.object({
  customerTenantId: guidSchema,
  applicationId: guidSchema,
  via: viaSchema,
  cspPackConfigId: z.string().min(1).optional(),
  keepServicePrincipal: z.boolean().optional(),
  shardOrigin: shardOriginSchema.optional(),
  displayName: z.string(),
  grants: z.array(storedGrantSchema),
  declaredGrants: z.array(storedGrantSchema),
  servicePrincipalObjectId: z.string(),
  originalServicePrincipalObjectId: z.string(),
  /** Empty: the principal was adopted (or state predates the field), so it is never deleted. */
  createdServicePrincipalObjectId: z.string(),
  consentedAt: z.string(),
  correlationId: z.string(),
  status: z.enum(["active", "pending", "missing", "disabled"]),
  drift: driftVerdictSchema,
  staleServicePrincipals: z.array(
    z.object({ objectId: z.string(), appId: z.string(), displayName: z.string() }),
  ),
  grantedScopes: z.record(z.string(), z.array(z.string())),
  grantedAppRoles: z.record(z.string(), z.array(z.string())),
  gdapStatus: z.string().nullable(),
  /** As the provider wrote it (its shape is the output declaration's); null when it was not read. */
  gdap: z.custom<GdapSummary | null>((v) => v === null || (typeof v === "object" && !Array.isArray(v))),
});
export type StoredCpvConsent = z.infer<typeof storedCpvConsentSchema>;

const optional = (props: PropertyBag, key: string): PropertyBag =>
  props[key] === undefined || props[key] === null ? {} : { [key]: props[key] };
const text = (value: unknown): string => (typeof value === "string" ? value : "");
const grantList = (value: unknown): StoredGrant[] | undefined => {
  const parsed = z
    .array(storedGrantSchema.extend({ scopes: z.array(z.string()).default([]) }))
    .safeParse(value);
  return parsed.success ? parsed.data : undefined;
};

/**
 * Stored props of any earlier release, in this release's shape: the one place that knows what each
 * release left out. Fields added over time get the value that keeps their old meaning (no created
 * principal: never deleted; no declared grants: the grants were the declaration); values that were
 * never valid for a field are dropped the same way; a missing verdict is judged from what was stored.
 */
export function upgradeStoredConsent(props: PropertyBag): StoredCpvConsent {
  const grants = grantList(props.grants) ?? [];
  const declaredGrants = grantList(props.declaredGrants) ?? grants;
  const servicePrincipalObjectId = text(props.servicePrincipalObjectId);
  const originalServicePrincipalObjectId =
    text(props.originalServicePrincipalObjectId) || servicePrincipalObjectId;
  const status = storedCpvConsentSchema.shape.status.safeParse(props.status);
  const upgraded = {
    customerTenantId: props.customerTenantId,
    applicationId: props.applicationId,
    via: props.via ?? "partnerCenter",
    // What removal obeys is never guessed: a value no release wrote fails the read (fails closed).
    ...optional(props, "cspPackConfigId"),
    ...optional(props, "keepServicePrincipal"),
    ...optional(props, "shardOrigin"),
    displayName: text(props.displayName),
    grants,
    declaredGrants,
    servicePrincipalObjectId,
    originalServicePrincipalObjectId,
    createdServicePrincipalObjectId: text(props.createdServicePrincipalObjectId),
    consentedAt: text(props.consentedAt),
    correlationId: text(props.correlationId),
    // Read outputs a release did not record yet: nothing observed.
    staleServicePrincipals: props.staleServicePrincipals ?? [],
    grantedScopes: props.grantedScopes ?? {},
    grantedAppRoles: props.grantedAppRoles ?? {},
    gdapStatus: props.gdapStatus ?? null,
    gdap: props.gdap ?? null,
    // No status recorded: nothing was judged yet, so nothing is planned from it.
    status: status.success ? status.data : servicePrincipalObjectId ? "active" : "pending",
  };
  return storedCpvConsentSchema.parse({ ...upgraded, drift: verdictOf(props) });
}

/** A consent as the provider returns it: the inputs and what the provider computed. */
export type CpvConsentOutputs = CpvConsentInputs & CpvConsentComputed;

/** What state records as declared: the inputs the consent was last created or updated with. */
export function declarationOf(stored: StoredCpvConsent): CpvConsentInputs {
  return {
    customerTenantId: stored.customerTenantId,
    applicationId: stored.applicationId,
    displayName: stored.displayName,
    grants: stored.declaredGrants,
    via: stored.via,
    ...(stored.cspPackConfigId !== undefined ? { cspPackConfigId: stored.cspPackConfigId } : {}),
    ...(stored.shardOrigin !== undefined ? { shardOrigin: stored.shardOrigin } : {}),
    ...(stored.keepServicePrincipal !== undefined
      ? { keepServicePrincipal: stored.keepServicePrincipal }
      : {}),
  };
}
