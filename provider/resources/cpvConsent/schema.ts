import { z } from "zod";

import { guidSchema } from "../common";

/** A delegated permission value such as Directory.Read.All. */
export const scopeSchema = z.string().regex(/^[A-Za-z][A-Za-z0-9._-]*$/, {
  error: "must be a permission value like Directory.Read.All (no spaces or commas)",
});

/** An app's display name as Entra shows it: no blank name, no stray spaces around it. */
export const displayNameSchema = z
  .string()
  .min(1, { error: "must not be empty" })
  .max(256, { error: "must be at most 256 characters" })
  .regex(/^\S(.*\S)?$/s, { error: "must not be blank or start or end with spaces" });

/** Graph stores a grant's scopes in one string of at most 8,000 characters. */
export const MAX_SCOPE_STRING = 8000;

export const consentGrantSchema = z.strictObject({
  /** appId of the resource API (e.g. Microsoft Graph 00000003-0000-0000-c000-000000000000). */
  enterpriseApplicationId: guidSchema,
  scopes: z.array(scopeSchema).min(1, { error: "must list at least one scope" }),
});
export type ConsentGrant = z.infer<typeof consentGrantSchema>;

/** Inputs of {@link CpvConsent}. */
export const cpvConsentInputsSchema = z
  .strictObject({
    customerTenantId: guidSchema,
    /** The application (client) id being consented, e.g. the Rewst CSP Connector. */
    applicationId: guidSchema,
    displayName: displayNameSchema,
    grants: z.array(consentGrantSchema).min(1, { error: "must hold at least one grant" }),
    /** partnerCenter: the MSP's own app calls Partner Center; rewst: Rewst's consent request. */
    via: z
      .enum(["partnerCenter", "rewst"], { error: 'must be "partnerCenter" or "rewst"' })
      .default("partnerCenter"),
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
  via: z.enum(["partnerCenter", "rewst"]).default("partnerCenter"),
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

/** Canonical form for comparison: resources and scopes sorted, scopes case-folded. */
export function normalizeGrants(grants: readonly ConsentGrant[]): ConsentGrant[] {
  return [...grants]
    .map((g) => ({
      enterpriseApplicationId: g.enterpriseApplicationId.toLowerCase(),
      scopes: [...new Set(g.scopes.map((s) => s.toLowerCase()))].sort(),
    }))
    .sort((a, b) => a.enterpriseApplicationId.localeCompare(b.enterpriseApplicationId));
}

/** Scopes added and removed per resource between two grant lists (for messages and previews). */
export function grantDelta(
  observed: readonly ConsentGrant[],
  declared: readonly ConsentGrant[],
): { added: string[]; removed: string[] } {
  const flat = (grants: readonly ConsentGrant[]) =>
    normalizeGrants(grants).flatMap((g) => g.scopes.map((s) => `${g.enterpriseApplicationId}:${s}`));
  const before = flat(observed);
  const after = flat(declared);
  return {
    added: after.filter((s) => !before.includes(s)),
    removed: before.filter((s) => !after.includes(s)),
  };
}
