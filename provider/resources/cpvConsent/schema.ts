import { z } from "zod";

import { consentGrantListSchema } from "../../domain/grants";
import { displayNameSchema, guidSchema, packConfigIdSchema, viaSchema } from "../../domain/identifiers";
import { shardOriginSchema } from "../../mappings/handover";
import type { CpvConsentComputed } from "../../outputs";

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

/** A grant as state holds it (app roles absent in state written before they were modelled). */
const storedGrantSchema = z.object({
  enterpriseApplicationId: z.string(),
  scopes: z.array(z.string()).catch([]),
  appRoles: z.array(z.string()).optional().catch(undefined),
});

/** What identifies a consent (enough to remove it, whatever its grants look like now). */
export const cpvConsentIdentitySchema = z.object({
  customerTenantId: guidSchema,
  applicationId: guidSchema,
  via: viaSchema.default("partnerCenter"),
  cspPackConfigId: z.string().min(1).optional(),
  // Absent unless declared: a refresh hands the inputs back as they were.
  keepServicePrincipal: z.boolean().optional().catch(undefined),
});

/**
 * A consent as state holds it. Its grants are what the tenant showed at the last refresh, which the
 * input rules may refuse (an emptied grant, a scope name Entra allows): read leniently, so a refresh
 * never wedges on what it stored itself.
 */
export const storedCpvConsentSchema = cpvConsentIdentitySchema.extend({
  displayName: z.string().catch(""),
  grants: z.array(storedGrantSchema).catch([]),
  declaredGrants: z.array(storedGrantSchema).optional().catch(undefined),
  shardOrigin: shardOriginSchema.optional().catch(undefined),
  /** Empty or absent: the principal was adopted (or state predates the field), so it is never deleted. */
  createdServicePrincipalObjectId: z.string().optional().catch(undefined),
});

/** A consent as the provider returns it: the inputs and what the provider computed. */
export type CpvConsentOutputs = CpvConsentInputs & CpvConsentComputed;
