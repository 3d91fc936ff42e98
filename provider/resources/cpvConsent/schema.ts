import { z } from "zod";

import { type ConsentGrant, MAX_SCOPE_STRING, consentGrantSchema } from "../../domain/grants";
import { displayNameSchema, guidSchema, viaSchema } from "../../domain/identifiers";

/** Inputs of {@link CpvConsent}. */
export const cpvConsentInputsSchema = z
  .strictObject({
    customerTenantId: guidSchema,
    /** The application (client) id being consented, e.g. the Rewst CSP Connector. */
    applicationId: guidSchema,
    displayName: displayNameSchema,
    grants: z.array(consentGrantSchema).min(1, { error: "must hold at least one grant" }),
    /** partnerCenter: the MSP's own app calls Partner Center; rewst: Rewst's consent request. */
    via: viaSchema.default("partnerCenter"),
    /** For via "rewst": the MSP's CSP pack config; defaults to rewst-csp:cspPackConfigId. */
    cspPackConfigId: z.string().min(1).optional(),
  })
  .superRefine((inputs, ctx) => {
    const seen = new Set<string>();
    inputs.grants.forEach((grant, i) => {
      const resource = grant.enterpriseApplicationId.toLowerCase();
      if (seen.has(resource)) {
        ctx.addIssue({
          code: "custom",
          path: ["grants", i, "enterpriseApplicationId"],
          message: `is granted twice; merge the scopes of ${grant.enterpriseApplicationId} into one grant`,
        });
      }
      seen.add(resource);
      const lower = grant.scopes.map((s) => s.toLowerCase());
      const duplicate = lower.find((s, j) => lower.indexOf(s) !== j);
      if (duplicate)
        ctx.addIssue({ code: "custom", path: ["grants", i, "scopes"], message: `lists ${duplicate} twice` });
      if (grant.scopes.join(" ").length > MAX_SCOPE_STRING) {
        ctx.addIssue({
          code: "custom",
          path: ["grants", i, "scopes"],
          message: `exceed the ${MAX_SCOPE_STRING}-character delegated scope limit`,
        });
      }
    });
  });
export type CpvConsentInputs = z.infer<typeof cpvConsentInputsSchema>;

/** What identifies a consent (enough to remove it, whatever its grants look like now). */
export const cpvConsentIdentitySchema = z.object({
  customerTenantId: guidSchema,
  applicationId: guidSchema,
  via: viaSchema.default("partnerCenter"),
  cspPackConfigId: z.string().min(1).optional(),
});

/**
 * A consent as state holds it. Its grants are what the tenant showed at the last refresh, which the
 * input rules may refuse (an emptied grant, a scope name Entra allows): read leniently, so a refresh
 * never wedges on what it stored itself.
 */
export const storedCpvConsentSchema = cpvConsentIdentitySchema.extend({
  displayName: z.string().catch(""),
  grants: z.array(z.object({ enterpriseApplicationId: z.string(), scopes: z.array(z.string()) })).catch([]),
  declaredGrants: z
    .array(z.object({ enterpriseApplicationId: z.string(), scopes: z.array(z.string()) }))
    .optional()
    .catch(undefined),
});

export interface CpvConsentOutputs extends CpvConsentInputs {
  /** Object id of the app's service principal in the customer tenant (empty while pending). */
  servicePrincipalObjectId: string;
  /** Object id first observed; a different current id means the principal was re-created. */
  originalServicePrincipalObjectId: string;
  /** The grants as declared, kept beside the observed `grants` so policies can compare them. */
  declaredGrants: ConsentGrant[];
  /** Other service principals in the tenant with this display name but another app id (leftovers). */
  staleServicePrincipals: { objectId: string; appId: string; displayName: string }[];
  /** Observed delegated scopes per resource appId. */
  grantedScopes: Record<string, string[]>;
  /** Status of the customer's GDAP relationship with the partner (null: none). */
  gdapStatus: string | null;
  consentedAt: string;
  /** MS-CorrelationId of the operation that consented. */
  correlationId: string;
  /**
   * active: visible in the tenant; pending: granted but not visible within the wait; missing: the
   * service principal has gone from the tenant since (deleted out of band).
   */
  /** disabled: the principal exists with accountEnabled false (an admin blocked the app). */
  status: "active" | "pending" | "missing" | "disabled";
}
