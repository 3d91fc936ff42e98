import { sameId } from "../domain/identifiers";

/**
 * What the program of the current run declares (consents, links and enterprise applications), as
 * the provider process learns it from check():
 * the engine checks every declared resource before it deletes any that the program dropped. A
 * delete consults it before touching a customer tenant:
 *
 * - a (tenant, app) or (tenant, organization) pair that a resource new to the stack declares (a
 *   customer renamed, a stack upgraded to new names) is forgotten by the old resource, not revoked;
 * - one declared by the same resource again is a replacement, which goes ahead;
 * - the mappings files the run declares from are the ones a delete judges membership against.
 *
 * One provider process serves one stack operation, so this module state is that run's.
 */
export type ClaimKind = "consent" | "link" | "app";

const claims = new Map<string, "new" | "existing">();
const mappingsFiles = new Set<string>();

const keyOf = (kind: ClaimKind, tenantId: string, subject: string) =>
  `${kind}|${tenantId.toLowerCase()}|${subject.toLowerCase()}`;

/**
 * Records a resource the program declares: `previous` is the pair its stored inputs held (absent
 * for a resource new to the stack).
 */
export function noteDeclared(
  kind: ClaimKind,
  pair: { tenantId: string; subject: string },
  previous: { tenantId: unknown; subject: unknown } | undefined,
  mappingsFile: string | undefined,
): void {
  const key = keyOf(kind, pair.tenantId, pair.subject);
  const same =
    previous !== undefined &&
    sameId(previous.tenantId, pair.tenantId) &&
    sameId(previous.subject, pair.subject);
  // A pair claimed by any new resource stays "new": deleting it elsewhere would undo that claim.
  if (claims.get(key) !== "new") claims.set(key, same ? "existing" : "new");
  if (mappingsFile) mappingsFiles.add(mappingsFile);
}

/** How this run's program declares a pair: by a new resource, by the same one again, or not at all. */
export const claimOf = (kind: ClaimKind, tenantId: string, subject: string): "new" | "existing" | undefined =>
  claims.get(keyOf(kind, tenantId, subject));

/** The mappings files this run's program declared resources from (empty for `pulumi destroy`). */
export const declaredMappingsFiles = (): string[] => [...mappingsFiles];

/** For tests: forget what earlier runs in this process declared. */
export function resetRunClaims(): void {
  claims.clear();
  mappingsFiles.clear();
}
