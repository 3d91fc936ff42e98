/**
 * The one drift judgement of a consent: what the tenant showed at the last read against what was
 * declared. `read` records it in the outputs; `diff`, the policy pack and `rewst-csp report` read
 * that record and never judge again, so the three cannot disagree.
 */
import { z } from "zod";

import type { ConsentDriftVerdict, ConsentStatus } from "../outputs";
import { appRoleManagedResources, delegatedPart } from "./grants";
import { sameId } from "./identifiers";

interface GrantLike {
  enterpriseApplicationId: string;
  scopes?: readonly string[];
  appRoles?: readonly string[];
}

/** What one read saw, beside what was declared. */
export interface ConsentReading {
  status: ConsentStatus;
  servicePrincipalObjectId: string;
  originalServicePrincipalObjectId: string;
  observed: readonly GrantLike[];
  declared: readonly GrantLike[];
}

/** "resourceAppId:value" of every entry of `kind` in `a` that `b` lacks (case-insensitive), as `a` writes it. */
function lacking(
  a: readonly GrantLike[],
  b: readonly GrantLike[],
  kind: "scopes" | "appRoles",
  onResource: (appId: string) => boolean = () => true,
): string[] {
  const key = (appId: string, value: string) => `${appId}:${value}`.toLowerCase();
  const have = new Set(
    b.flatMap((g) => (g[kind] ?? []).map((value) => key(g.enterpriseApplicationId, value))),
  );
  const entries = a.flatMap((g) =>
    onResource(g.enterpriseApplicationId)
      ? (g[kind] ?? [])
          .filter((value) => !have.has(key(g.enterpriseApplicationId, value)))
          .map((value) => `${g.enterpriseApplicationId.toLowerCase()}:${value}`)
      : [],
  );
  return [...new Set(entries)].sort();
}

/**
 * Judges one read. Scopes are compared on every resource; app roles only on the resources whose
 * declared grant lists `appRoles` (roles elsewhere, such as Exchange's that Rewst assigns, are
 * never drift). A consent whose principal is missing or still pending shows no grant drift: there
 * is nothing to compare.
 */
export function judgeConsentDrift(reading: ConsentReading): ConsentDriftVerdict {
  const principal =
    reading.status === "missing" ? "missing" : reading.status === "pending" ? "pending" : "present";
  const recreated =
    principal === "present" &&
    reading.originalServicePrincipalObjectId !== "" &&
    reading.servicePrincipalObjectId !== "" &&
    !sameId(reading.originalServicePrincipalObjectId, reading.servicePrincipalObjectId);
  const observable = principal === "present";
  const managed = appRoleManagedResources(reading.declared);
  const isManaged = (appId: string) => managed.has(appId.toLowerCase());
  const observed = delegatedPart(reading.observed);
  const declared = delegatedPart(reading.declared);
  return {
    principal,
    recreated,
    disabled: reading.status === "disabled",
    missingScopes: observable ? lacking(declared, observed, "scopes") : [],
    extraScopes: observable ? lacking(observed, declared, "scopes") : [],
    missingAppRoles: observable ? lacking(reading.declared, reading.observed, "appRoles", isManaged) : [],
    extraAppRoles: observable ? lacking(reading.observed, reading.declared, "appRoles", isManaged) : [],
  };
}

/** Whether the tenant's grants differ from the declaration (what `consentDrift: repair` puts back). */
export const grantsDrifted = (verdict: ConsentDriftVerdict): boolean =>
  verdict.missingScopes.length +
    verdict.extraScopes.length +
    verdict.missingAppRoles.length +
    verdict.extraAppRoles.length >
  0;

/** The verdict as state stores it. */
export const driftVerdictSchema = z.object({
  principal: z.enum(["present", "missing", "pending"]),
  recreated: z.boolean(),
  disabled: z.boolean(),
  missingScopes: z.array(z.string()),
  extraScopes: z.array(z.string()),
  missingAppRoles: z.array(z.string()),
  extraAppRoles: z.array(z.string()),
}) satisfies z.ZodType<ConsentDriftVerdict>;

const storedGrants = z.array(
  z.object({
    enterpriseApplicationId: z.string(),
    scopes: z.array(z.string()).default([]),
    appRoles: z.array(z.string()).optional(),
  }),
);
const statusSchema = z.enum(["active", "pending", "missing", "disabled"]);

/**
 * The verdict a consent's stored props record; for state written before the verdict was recorded,
 * the same judgement of what that state holds (its `grants` were what the tenant showed, its
 * `declaredGrants`, or else its `grants`, the declaration). Read by diff, the pack and the report.
 */
export function verdictOf(props: Readonly<Record<string, unknown>>): ConsentDriftVerdict {
  const recorded = driftVerdictSchema.safeParse(props.drift);
  if (recorded.success) return recorded.data;
  const text = (value: unknown) => (typeof value === "string" ? value : "");
  const observed = storedGrants.safeParse(props.grants).data ?? [];
  const servicePrincipalObjectId = text(props.servicePrincipalObjectId);
  return judgeConsentDrift({
    status: statusSchema.safeParse(props.status).data ?? (servicePrincipalObjectId ? "active" : "pending"),
    servicePrincipalObjectId,
    originalServicePrincipalObjectId: text(props.originalServicePrincipalObjectId),
    observed,
    declared: storedGrants.safeParse(props.declaredGrants).data ?? observed,
  });
}
