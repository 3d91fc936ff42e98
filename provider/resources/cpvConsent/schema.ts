import { z } from "zod";

import { consentGrantListSchema } from "../../domain/grants";
import { displayNameSchema, guidSchema, packConfigIdSchema, viaSchema } from "../../domain/identifiers";
import { shardOriginSchema } from "../../mappings/handover";
import type { CpvConsentComputed, GdapSummary } from "../../outputs";
import type { PropertyBag } from "../../dynamic/contract";
import { driftVerdictSchema, judgeConsentDrift } from "../../domain/drift";
import { withEarlierDefaults } from "../common";

/** Inputs of {@link CpvConsent}. */
export const cpvConsentInputsSchema = z.strictObject({
  customerTenantId: guidSchema.describe("The customer's Microsoft tenant id."),
  applicationId: guidSchema.describe(
    "The application (client) id being consented, e.g. the Rewst CSP Connector.",
  ),
  displayName: displayNameSchema.describe(
    "The application's display name (its principal's name in the tenant).",
  ),
  grants: consentGrantListSchema.describe(
    "Per resource application: the delegated scopes and app roles the consent grants.",
  ),
  via: viaSchema
    .default("partnerCenter")
    .describe(
      'How the consent is made: "partnerCenter" (the MSP\'s own app calls Partner Center) or "rewst" (Rewst\'s consent request).',
    ),
  cspPackConfigId: packConfigIdSchema
    .optional()
    .describe('For via "rewst": the MSP\'s CSP pack config; defaults to rewst-csp:cspPackConfigId.'),
  shardOrigin: shardOriginSchema
    .optional()
    .describe(
      "Set by declareFromMappings: the mappings file and shard that declared it (a delete refuses a customer moved to another shard).",
    ),
  keepServicePrincipal: z
    .boolean()
    .optional()
    .describe(
      "Removing the consent also deletes the principal it created in the tenant (offboarding), unless kept: a kept principal holds no grants but stays for an admin to inspect.",
    ),
});
export type CpvConsentInputs = z.infer<typeof cpvConsentInputsSchema>;

/** A grant as state holds it: what the tenant showed, which the input rules may refuse (read as stored). */
const storedGrantSchema = z.object({
  enterpriseApplicationId: z.string(),
  scopes: z.array(z.string()).default([]),
  appRoles: z.array(z.string()).optional(),
});

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
  servicePrincipalObjectId: z
    .string()
    .describe("The application's service principal in the tenant, as last seen (empty: none)."),
  originalServicePrincipalObjectId: z
    .string()
    .describe("The principal first seen: another id now means it was deleted and re-created."),
  createdServicePrincipalObjectId: z
    .string()
    .describe(
      "The principal this consent created; empty when it was adopted or imported, so it is never deleted.",
    ),
  consentedAt: z.string(),
  correlationId: z.string(),
  status: z
    .enum(["active", "pending", "missing", "disabled"])
    .describe(
      "active, pending (not yet replicated), missing (principal gone) or disabled (sign-ins blocked).",
    ),
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

/** What a field meant before a release recorded it: nothing observed, nothing created here. */
const BEFORE_RECORDED = {
  via: "partnerCenter",
  displayName: "",
  grants: [],
  servicePrincipalObjectId: "",
  originalServicePrincipalObjectId: "",
  /** No record that the consent created its principal: it is never deleted. */
  createdServicePrincipalObjectId: "",
  consentedAt: "",
  correlationId: "",
  staleServicePrincipals: [],
  grantedScopes: {},
  grantedAppRoles: {},
  gdapStatus: null,
  gdap: null,
};
const earlierSchema = storedCpvConsentSchema.partial({ declaredGrants: true, status: true, drift: true });

/**
 * Stored props of any earlier release, in this release's shape: the one place that knows what each
 * release left out. A field added since gets the value that keeps its old meaning; no declared
 * grants: the grants were the declaration; no status: nothing was judged, so nothing is planned
 * from it; no verdict: the one drift judgement of what was stored. A value no release wrote fails
 * the read (`STATE_UNREADABLE`): what removal obeys is never guessed.
 */
export function upgradeStoredConsent(props: PropertyBag): StoredCpvConsent {
  const earlier = earlierSchema.parse(withEarlierDefaults(props, BEFORE_RECORDED));
  const { servicePrincipalObjectId } = earlier;
  const status = earlier.status ?? (servicePrincipalObjectId ? "active" : "pending");
  const declaredGrants = earlier.declaredGrants ?? earlier.grants;
  const originalServicePrincipalObjectId =
    earlier.originalServicePrincipalObjectId || servicePrincipalObjectId;
  const drift =
    earlier.drift ??
    judgeConsentDrift({
      ...{ status, servicePrincipalObjectId, originalServicePrincipalObjectId },
      ...{ observed: earlier.grants, declared: declaredGrants },
    });
  return { ...earlier, status, declaredGrants, originalServicePrincipalObjectId, drift };
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
