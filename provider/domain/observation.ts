import { ProviderError } from "../errors";
import type { MicrosoftServices } from "../services";
import { type ConsentGrant, grantsMatch } from "./grants";

/** One tenant-wide delegated grant of the app, as Graph shows it. */
export interface ObservedGrant {
  id: string;
  /** Object id of the resource's service principal in the tenant. */
  resourceId: string;
  /** appId of the resource (undefined when its principal cannot be read). */
  resourceAppId?: string;
  scopes: string[];
}

export interface Observation {
  servicePrincipalObjectId?: string;
  /** False when an admin disabled the principal (sign-ins blocked; the consent is useless). */
  accountEnabled?: boolean;
  /** Scopes per resource app, merged over the tenant-wide grants. */
  grants: ConsentGrant[];
  /** Ids of the delegated grants read (a revoked grant can still be read for a moment). */
  grantIds?: string[];
  /** The tenant-wide grants one by one, which an in-place repair patches. */
  allPrincipalsGrants?: ObservedGrant[];
}

/** Reads the app's service principal and delegated grants in the customer tenant (GDAP token). */
export async function observeConsent(
  microsoft: MicrosoftServices,
  tenantId: string,
  applicationId: string,
): Promise<Observation> {
  const graph = microsoft.graph(tenantId);
  const sp = await graph.servicePrincipalByAppId(applicationId);
  if (!sp) return { grants: [] };
  const grants = await graph.grantsOf(sp.id);
  const resourceAppIds = new Map<string, string>();
  for (const resourceId of new Set(grants.map((g) => g.resourceId))) {
    const resource = await graph.servicePrincipalById(resourceId);
    if (resource) resourceAppIds.set(resourceId, resource.appId);
  }
  const allPrincipals: ObservedGrant[] = grants
    .filter((g) => g.consentType === "AllPrincipals")
    .map((g) => ({
      id: g.id,
      resourceId: g.resourceId,
      resourceAppId: resourceAppIds.get(g.resourceId),
      scopes: g.scope.split(/\s+/).filter(Boolean),
    }));
  const byResource = new Map<string, Set<string>>();
  for (const grant of allPrincipals) {
    if (!grant.resourceAppId) continue;
    const scopes = byResource.get(grant.resourceAppId) ?? new Set<string>();
    for (const scope of grant.scopes) scopes.add(scope);
    byResource.set(grant.resourceAppId, scopes);
  }
  return {
    servicePrincipalObjectId: sp.id,
    accountEnabled: sp.accountEnabled,
    grantIds: grants.map((g) => g.id),
    allPrincipalsGrants: allPrincipals,
    grants: [...byResource].map(([enterpriseApplicationId, scopes]) => ({
      enterpriseApplicationId,
      scopes: [...scopes],
    })),
  };
}

/**
 * Observes the consent until Graph shows the principal with the declared grants or the deadline
 * passes (replication takes seconds); the last observation is returned either way.
 */
export async function awaitConsent(
  microsoft: MicrosoftServices,
  tenantId: string,
  applicationId: string,
  declared: readonly ConsentGrant[],
  deadline: number,
  /** Grants already revoked that Graph may still show; the consent is done only with new ones. */
  revokedGrantIds: ReadonlySet<string> = new Set(),
): Promise<Observation> {
  for (let delay = 200; ; delay = Math.min(delay * 2, 5000)) {
    const observed = await observeConsent(microsoft, tenantId, applicationId).catch((): Observation => ({
      grants: [],
    }));
    const fresh =
      revokedGrantIds.size === 0 || (observed.grantIds ?? []).some((id) => !revokedGrantIds.has(id));
    const done =
      fresh && observed.servicePrincipalObjectId !== undefined && grantsMatch(observed.grants, declared);
    const left = deadline - Date.now();
    if (done || left <= 0) return observed;
    await new Promise((resolve) => setTimeout(resolve, Math.min(delay, left)));
  }
}

/** Service principals named like the app but belonging to another app id (a removed and re-added integration). */
export async function staleNamesakes(
  microsoft: MicrosoftServices,
  tenantId: string,
  applicationId: string,
  displayName: string,
) {
  const namesakes = await microsoft.graph(tenantId).servicePrincipalsByDisplayName(displayName);
  return (
    namesakes
      // A managed identity that happens to share the name is not a leftover of the integration.
      .filter((sp) => sp.servicePrincipalType !== "ManagedIdentity")
      .filter((sp) => sp.appId.toLowerCase() !== applicationId.toLowerCase())
      .map((sp) => ({ objectId: sp.id, appId: sp.appId, displayName: sp.displayName }))
  );
}

export function cannotObserve(tenantId: string, error: unknown): never {
  if (error instanceof ProviderError && error.code.startsWith("AUTH_")) {
    throw new ProviderError(
      "CANNOT_OBSERVE_TENANT",
      `cannot observe tenant ${tenantId} because ${error.message}`,
    );
  }
  throw error;
}
