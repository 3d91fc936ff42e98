import { z } from "zod";

import { guidSchema } from "./identifiers";

/** A delegated permission value such as Directory.Read.All. */
export const scopeSchema = z.string().regex(/^[A-Za-z][A-Za-z0-9._-]*$/, {
  error: "must be a permission value like Directory.Read.All (no spaces or commas)",
});

/** Graph stores a grant's scopes in one string of at most 8,000 characters. */
export const MAX_SCOPE_STRING = 8000;

export const consentGrantSchema = z.strictObject({
  /** appId of the resource API (e.g. Microsoft Graph 00000003-0000-0000-c000-000000000000). */
  enterpriseApplicationId: guidSchema,
  scopes: z.array(scopeSchema).min(1, { error: "must list at least one scope" }),
});
export type ConsentGrant = z.infer<typeof consentGrantSchema>;

/** A scope set in canonical form: case-folded, without repeats, sorted (Entra compares scopes case-insensitively). */
export const scopeSet = (scopes: readonly string[]): string[] =>
  [...new Set(scopes.map((s) => s.toLowerCase()))].sort();

/** Whether two scope lists grant the same permissions. */
export const sameScopes = (a: readonly string[], b: readonly string[]): boolean =>
  scopeSet(a).join(" ") === scopeSet(b).join(" ");

/** Canonical form for comparison: resources and scopes sorted, scopes case-folded. */
export function normalizeGrants(grants: readonly ConsentGrant[]): ConsentGrant[] {
  return [...grants]
    .map((g) => ({
      enterpriseApplicationId: g.enterpriseApplicationId.toLowerCase(),
      scopes: scopeSet(g.scopes),
    }))
    .sort((a, b) => a.enterpriseApplicationId.localeCompare(b.enterpriseApplicationId));
}

/** Whether two grant lists grant the same scopes on the same resources. */
export const grantsMatch = (observed: readonly ConsentGrant[], declared: readonly ConsentGrant[]): boolean =>
  JSON.stringify(normalizeGrants(observed)) === JSON.stringify(normalizeGrants(declared));

/** "resource:scope" for every scope of every grant, canonical (the unit grant deltas and policies compare). */
export const resourceScopes = (grants: readonly ConsentGrant[]): string[] =>
  normalizeGrants(grants).flatMap((g) => g.scopes.map((s) => `${g.enterpriseApplicationId}:${s}`));
