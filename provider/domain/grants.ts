import { z } from "zod";

import { guidSchema } from "./identifiers";

/** A delegated permission value such as Directory.Read.All. */
export const scopeSchema = z.string().regex(/^[A-Za-z][A-Za-z0-9._-]*$/, {
  error: "must be a permission value like Directory.Read.All (no spaces or commas)",
});

/** An application permission (app role) value such as Directory.Read.All, as the resource publishes it. */
export const appRoleSchema = z.string().regex(/^[A-Za-z][A-Za-z0-9._-]*$/, {
  error: "must be an app role value like Directory.Read.All (no spaces or commas)",
});

/**
 * A grant's scopes are one space-separated string. Graph documents at most 3,850 characters for it
 * on POST/PATCH /oauth2PermissionGrants (oauth2permissiongrant-update; the consent framework's own
 * limit, AADSTS650051, is 8,000), and adoption, drift repair and scope changes all write through
 * Graph, so a declaration over 3,850 would consent and then fail every later repair.
 */
export const MAX_SCOPE_STRING = 3850;

export const consentGrantSchema = z
  .strictObject({
    enterpriseApplicationId: guidSchema.describe(
      "The appId of the resource API (e.g. Microsoft Graph 00000003-0000-0000-c000-000000000000).",
    ),
    scopes: z
      .array(scopeSchema)
      .default([])
      .describe("Delegated permissions, granted tenant-wide by the consent (Partner Center or Rewst)."),
    appRoles: z
      .array(appRoleSchema)
      .optional()
      .describe("Application permissions, assigned through Graph after the consent (app role assignments)."),
  })
  .refine((g) => g.scopes.length > 0 || (g.appRoles?.length ?? 0) > 0, {
    error: "must list at least one scope or app role",
    path: ["scopes"],
  });
export type ConsentGrant = z.infer<typeof consentGrantSchema>;
/** A grant as code builds it (scopes may be left out when only app roles are granted). */
export type ConsentGrantInput = z.input<typeof consentGrantSchema>;

/** A permission set in canonical form: case-folded, without repeats, sorted (Entra compares them case-insensitively). */
export const scopeSet = (scopes: readonly string[]): string[] =>
  [...new Set(scopes.map((s) => s.toLowerCase()))].sort();

/** Whether two scope lists grant the same permissions. */
export const sameScopes = (a: readonly string[], b: readonly string[]): boolean =>
  scopeSet(a).join(" ") === scopeSet(b).join(" ");

interface GrantLike {
  enterpriseApplicationId: string;
  scopes?: readonly string[];
  appRoles?: readonly string[];
}

/** Canonical form for comparison: resources sorted, scopes and app roles case-folded and sorted. */
export function normalizeGrants(grants: readonly GrantLike[]): ConsentGrant[] {
  return [...grants]
    .map((g) => ({
      enterpriseApplicationId: g.enterpriseApplicationId.toLowerCase(),
      scopes: scopeSet(g.scopes ?? []),
      appRoles: scopeSet(g.appRoles ?? []),
    }))
    .filter((g) => g.scopes.length > 0 || g.appRoles.length > 0)
    .sort((a, b) => a.enterpriseApplicationId.localeCompare(b.enterpriseApplicationId));
}

/** The delegated part of a grant list: what a consent grants (app roles are assigned after it). */
export const delegatedPart = (grants: readonly GrantLike[]): ConsentGrant[] =>
  grants
    .filter((g) => (g.scopes ?? []).length > 0)
    .map((g) => ({ enterpriseApplicationId: g.enterpriseApplicationId, scopes: [...(g.scopes ?? [])] }));

/** Whether two grant lists grant the same scopes and app roles on the same resources. */
export const grantsMatch = (observed: readonly GrantLike[], declared: readonly GrantLike[]): boolean =>
  JSON.stringify(normalizeGrants(observed)) === JSON.stringify(normalizeGrants(declared));

/** Whether two grant lists grant the same delegated scopes (app roles aside). */
export const delegatedMatch = (observed: readonly GrantLike[], declared: readonly GrantLike[]): boolean =>
  grantsMatch(delegatedPart(observed), delegatedPart(declared));

/**
 * The resources (app ids, lower case) whose app roles a declaration manages: those whose grant lists
 * `appRoles`, even none. Roles on any other resource (Exchange's Exchange.ManageAsApp that Rewst
 * assigns, a role an admin added) are reported, never compared or removed.
 */
export const appRoleManagedResources = (declared: readonly GrantLike[]): Set<string> =>
  new Set(
    declared.filter((g) => g.appRoles !== undefined).map((g) => g.enterpriseApplicationId.toLowerCase()),
  );

/** Whether a declaration manages any resource's app roles. */
export const managesAppRoles = (declared: readonly GrantLike[]): boolean =>
  appRoleManagedResources(declared).size > 0;

/** "resource:role" of the managed resources only. */
const managedRoles = (grants: readonly GrantLike[], managed: ReadonlySet<string>): string[] =>
  resourceAppRoles(grants).filter((entry) => managed.has(entry.slice(0, entry.indexOf(":"))));

/** Whether the app roles the tenant shows differ from the declaration, on the resources it manages. */
export const appRolesDiffer = (observed: readonly GrantLike[], declared: readonly GrantLike[]): boolean => {
  const managed = appRoleManagedResources(declared);
  return (
    managed.size > 0 &&
    managedRoles(observed, managed).join(" ") !== managedRoles(declared, managed).join(" ")
  );
};

/** Whether what the tenant shows is what is declared: delegated scopes, and app roles where managed. */
export const permissionsMatch = (observed: readonly GrantLike[], declared: readonly GrantLike[]): boolean =>
  delegatedMatch(observed, declared) && !appRolesDiffer(observed, declared);

/** Whether two declarations are the same: scopes, app roles, and the resources whose roles they manage. */
export const sameDeclaration = (a: readonly GrantLike[], b: readonly GrantLike[]): boolean =>
  grantsMatch(a, b) &&
  [...appRoleManagedResources(a)].sort().join(" ") === [...appRoleManagedResources(b)].sort().join(" ");

/** "resource:scope" for every scope of every grant, canonical (the unit grant deltas and policies compare). */
export const resourceScopes = (grants: readonly GrantLike[]): string[] =>
  normalizeGrants(grants).flatMap((g) => g.scopes.map((s) => `${g.enterpriseApplicationId}:${s}`));

/** "resource:role" for every app role of every grant, canonical. */
export const resourceAppRoles = (grants: readonly GrantLike[]): string[] =>
  normalizeGrants(grants).flatMap((g) => (g.appRoles ?? []).map((r) => `${g.enterpriseApplicationId}:${r}`));

/** A problem with a grant list as a whole, at a path inside it. */
export interface GrantListProblem {
  path: (string | number)[];
  message: string;
}

/**
 * What Entra and the consent channels refuse in a grant list, found before anything is sent: a
 * resource granted twice, a permission listed twice, a scope string over Graph's limit, or no
 * delegated scope at all (a consent creates the principal through a delegated grant; app roles are
 * assigned to that principal afterwards).
 */
export function grantListProblems(grants: readonly GrantLike[]): GrantListProblem[] {
  const problems: GrantListProblem[] = [];
  const seen = new Set<string>();
  grants.forEach((grant, i) => {
    const resource = grant.enterpriseApplicationId.toLowerCase();
    if (seen.has(resource))
      problems.push({
        path: [i, "enterpriseApplicationId"],
        message: `is granted twice; merge the scopes of ${grant.enterpriseApplicationId} into one grant`,
      });
    seen.add(resource);
    for (const key of ["scopes", "appRoles"] as const) {
      const lower = (grant[key] ?? []).map((s) => s.toLowerCase());
      const duplicate = lower.find((s, j) => lower.indexOf(s) !== j);
      if (duplicate) problems.push({ path: [i, key], message: `lists ${duplicate} twice` });
    }
    const length = (grant.scopes ?? []).join(" ").length;
    if (length > MAX_SCOPE_STRING)
      problems.push({
        path: [i, "scopes"],
        message: `of ${grant.enterpriseApplicationId} are ${length} characters together, over the ${MAX_SCOPE_STRING}-character limit Microsoft Graph documents for a grant's scope (https://learn.microsoft.com/graph/api/oauth2permissiongrant-update), which every repair writes; drop unused scopes`,
      });
  });
  if (grants.length > 0 && delegatedPart(grants).length === 0)
    problems.push({
      path: [],
      message:
        "grant app roles only: at least one grant needs delegated scopes, since the consent creates the principal through a delegated grant",
    });
  return problems;
}

/** A consent's grants: at least one, checked as a whole by {@link grantListProblems}. */
export const consentGrantListSchema = z
  .array(consentGrantSchema)
  .min(1, { error: "must hold at least one grant" })
  .superRefine((grants, ctx) => {
    for (const problem of grantListProblems(grants))
      ctx.addIssue({ code: "custom", path: problem.path, message: problem.message });
  });
