import { MAX_BATCH } from "../clients/graphBatch";
import { GRAPH_PATHS } from "../clients/graphPaths";
import {
  type OAuth2PermissionGrant,
  type ServicePrincipal,
  oauth2PermissionGrantSchema,
  servicePrincipalSchema,
} from "../contracts/graph";
import { ProviderError } from "../errors";
import type { MicrosoftServices } from "../services";
import { type ConsentGrant, grantsMatch } from "./grants";
import { sameId } from "./identifiers";

/** One tenant-wide delegated grant of the app, as Graph shows it. */
export interface ObservedGrant {
  id: string;
  /** Object id of the resource's service principal in the tenant. */
  resourceId: string;
  /** appId of the resource (undefined when its principal cannot be read). */
  resourceAppId?: string;
  scopes: string[];
}

/** A principal named like the app that belongs to another app id. */
export interface StaleNamesake {
  objectId: string;
  appId: string;
  displayName: string;
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
  /** Leftovers of an earlier integration, when the observation was asked for them (a display name). */
  staleServicePrincipals?: StaleNamesake[];
}

/** What makes one observation a single Graph request (a JSON batch) instead of one per read. */
export interface ObservationHints {
  /** The principal's object id as last seen: its grants are read in the same batch. */
  servicePrincipalObjectId?: string;
  /** The app's display name: principals of other apps with this name are reported as stale. */
  displayName?: string;
  /** Resource apps the consent declares: their principals in the tenant are named in the same batch. */
  resourceAppIds?: readonly string[];
}

/** Room in one batch for resource principals, beside the principal, its grants and namesakes. */
const MAX_RESOURCES_IN_BATCH = MAX_BATCH - 3;

/**
 * Reads the app's service principal and delegated grants in the customer tenant (GDAP token), in
 * one JSON batch when the hints name the principal: the principal by appId, its grants, the
 * principals of the declared resource apps and, with a display name, its namesakes. A principal
 * re-created since (another object id), a grant on an undeclared resource or a second page costs
 * one more read each.
 */
export async function observeConsent(
  microsoft: MicrosoftServices,
  tenantId: string,
  applicationId: string,
  hints: ObservationHints = {},
): Promise<Observation> {
  const graph = microsoft.graph(tenantId);
  const known = hints.servicePrincipalObjectId || undefined;
  const resources = [...new Set((hints.resourceAppIds ?? []).map((id) => id.toLowerCase()))].slice(
    0,
    MAX_RESOURCES_IN_BATCH,
  );
  const urls: Record<string, string> = { principal: GRAPH_PATHS.servicePrincipalByAppId(applicationId) };
  if (known) urls.grants = GRAPH_PATHS.grantsOf(known);
  if (hints.displayName) urls.namesakes = GRAPH_PATHS.namesakes(hints.displayName);
  resources.forEach((appId, i) => (urls[`resource${i}`] = GRAPH_PATHS.principalIdByAppId(appId)));
  const answers = await graph.readMany(urls);

  let staleServicePrincipals: StaleNamesake[] | undefined;
  if (hints.displayName) {
    const what = `listing service principals named ${hints.displayName}`;
    const page = graph.pageOf(answers.namesakes, servicePrincipalSchema, what);
    const all = page.more ? await graph.servicePrincipalsByDisplayName(hints.displayName) : page.items;
    staleServicePrincipals = namesakesOf(all, applicationId);
  }
  const sp = graph.objectOf(
    answers.principal,
    servicePrincipalSchema,
    `reading the service principal of ${applicationId}`,
  );
  if (!sp) return { grants: [], ...(staleServicePrincipals ? { staleServicePrincipals } : {}) };

  let grants: OAuth2PermissionGrant[];
  if (known && sameId(known, sp.id)) {
    const page = graph.pageOf(answers.grants, oauth2PermissionGrantSchema, "listing delegated grants");
    grants = page.more ? await graph.grantsOf(sp.id) : page.items;
  } else {
    grants = await graph.grantsOf(sp.id);
  }
  const resourceAppIds = new Map<string, string>();
  resources.forEach((appId, i) => {
    const resource = graph.objectOf(
      answers[`resource${i}`],
      servicePrincipalSchema,
      `reading the service principal of ${appId}`,
    );
    if (resource) resourceAppIds.set(resource.id, resource.appId);
  });
  for (const resourceId of new Set(grants.map((g) => g.resourceId))) {
    if (resourceAppIds.has(resourceId)) continue;
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
    ...(staleServicePrincipals ? { staleServicePrincipals } : {}),
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
  hints: ObservationHints = {},
): Promise<Observation> {
  let known = hints.servicePrincipalObjectId;
  for (let delay = 200; ; delay = Math.min(delay * 2, 5000)) {
    const observed = await observeConsent(microsoft, tenantId, applicationId, {
      ...hints,
      servicePrincipalObjectId: known,
    }).catch((): Observation => ({ grants: [] }));
    known = observed.servicePrincipalObjectId ?? known;
    const fresh =
      revokedGrantIds.size === 0 || (observed.grantIds ?? []).some((id) => !revokedGrantIds.has(id));
    const done =
      fresh && observed.servicePrincipalObjectId !== undefined && grantsMatch(observed.grants, declared);
    const left = deadline - Date.now();
    if (done || left <= 0) return observed;
    await new Promise((resolve) => setTimeout(resolve, Math.min(delay, left)));
  }
}

function namesakesOf(principals: readonly ServicePrincipal[], applicationId: string): StaleNamesake[] {
  return (
    principals
      // A managed identity that happens to share the name is not a leftover of the integration.
      .filter((sp) => sp.servicePrincipalType !== "ManagedIdentity")
      .filter((sp) => !sameId(sp.appId, applicationId))
      .map((sp) => ({ objectId: sp.id, appId: sp.appId, displayName: sp.displayName }))
  );
}

/** Service principals named like the app but belonging to another app id (a removed and re-added integration). */
export async function staleNamesakes(
  microsoft: MicrosoftServices,
  tenantId: string,
  applicationId: string,
  displayName: string,
): Promise<StaleNamesake[]> {
  return namesakesOf(
    await microsoft.graph(tenantId).servicePrincipalsByDisplayName(displayName),
    applicationId,
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
