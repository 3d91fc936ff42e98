import { MAX_BATCH } from "../clients/graphBatch";
import { GRAPH_PATHS } from "../clients/graphPaths";
import {
  type AppRoleAssignment,
  type OAuth2PermissionGrant,
  type ServicePrincipal,
  appRoleAssignmentSchema,
  oauth2PermissionGrantSchema,
  servicePrincipalSchema,
} from "../contracts/graph";
import type { GraphClient } from "../clients/graphClient";
import type { ResourceCatalog } from "./resourceCatalog";
import type { ConsentGrant } from "../domain/grants";
import { sameId } from "../domain/identifiers";

/** What reading a customer tenant needs: its Graph client and the catalog of resource apps. */
export interface TenantReader {
  graph(tenantId: string): GraphClient;
  readonly resources: ResourceCatalog;
}

/** One tenant-wide delegated grant of the app, as Graph shows it. */
export interface ObservedGrant {
  id: string;
  /** Object id of the resource's service principal in the tenant. */
  resourceId: string;
  /** appId of the resource (undefined when its principal cannot be read). */
  resourceAppId?: string;
  scopes: string[];
}

/** One app role (application permission) assigned to the app's principal. */
export interface ObservedAppRole {
  id: string;
  resourceId: string;
  resourceAppId?: string;
  appRoleId: string;
  /** The role's value as the resource publishes it (its id when the resource no longer lists it). */
  value: string;
}

/** A principal that belongs to another app: named like this one, or of an earlier generation. */
export interface StaleNamesake {
  objectId: string;
  appId: string;
  displayName: string;
}

export interface Observation {
  servicePrincipalObjectId?: string;
  /** The principal's display name (what an import declares). */
  displayName?: string;
  /** False when an admin disabled the principal (sign-ins blocked; the consent is useless). */
  accountEnabled?: boolean;
  /** Scopes and app roles per resource app: the tenant-wide grants and the role assignments merged. */
  grants: ConsentGrant[];
  /** Ids of the delegated grants read (a revoked grant can still be read for a moment). */
  grantIds?: string[];
  /** The tenant-wide grants one by one, which an in-place repair patches. */
  allPrincipalsGrants?: ObservedGrant[];
  /** The app role assignments one by one, which a repair adds to or removes. */
  appRoleAssignments?: ObservedAppRole[];
  /** Leftovers of an earlier integration, when the observation was asked for them (a display name). */
  staleServicePrincipals?: StaleNamesake[];
}

/** What makes one observation a single Graph request (a JSON batch) instead of one per read. */
export interface ObservationHints {
  /** The principal's object id as last seen: its grants and app roles are read in the same batch. */
  servicePrincipalObjectId?: string;
  /** The app's display name: principals of other apps with this name are reported as stale. */
  displayName?: string;
  /** Resource apps the consent declares: their principals in the tenant are named in the same batch. */
  resourceAppIds?: readonly string[];
  /** App ids of the integration's earlier generations: their principals here are leftovers. */
  legacyAppIds?: readonly string[];
}

/** What the tenant shows, per resource app: delegated scopes and app roles (outputs of a consent). */
export const grantedPermissions = (observed: Observation) => ({
  grantedScopes: Object.fromEntries(observed.grants.map((g) => [g.enterpriseApplicationId, g.scopes])),
  grantedAppRoles: Object.fromEntries(
    observed.grants.flatMap((g) => (g.appRoles?.length ? [[g.enterpriseApplicationId, g.appRoles]] : [])),
  ),
});

/** Room in one batch beside the principal, its grants, its app roles and namesakes. */
const MAX_EXTRA_IN_BATCH = MAX_BATCH - 4;

/**
 * Reads the app's service principal, delegated grants and app role assignments in the customer
 * tenant (GDAP token), in one JSON batch when the hints name the principal: the principal by appId,
 * its grants and role assignments, the principals of the declared resource apps (with their
 * published permissions the first time), earlier generations' principals and, with a display name,
 * its namesakes. A principal re-created since, a permission on an undeclared resource or a second
 * page costs one more read each.
 */
export async function observeConsent(
  microsoft: TenantReader,
  tenantId: string,
  applicationId: string,
  hints: ObservationHints = {},
): Promise<Observation> {
  const graph = microsoft.graph(tenantId);
  const catalog = microsoft.resources;
  const known = hints.servicePrincipalObjectId || undefined;
  const resources = [...new Set((hints.resourceAppIds ?? []).map((id) => id.toLowerCase()))].slice(
    0,
    MAX_EXTRA_IN_BATCH,
  );
  const legacy = [...new Set((hints.legacyAppIds ?? []).map((id) => id.toLowerCase()))]
    .filter((id) => !sameId(id, applicationId))
    .slice(0, MAX_EXTRA_IN_BATCH - resources.length);
  const urls: Record<string, string> = { principal: GRAPH_PATHS.servicePrincipalByAppId(applicationId) };
  if (known) {
    urls.grants = GRAPH_PATHS.grantsOf(known);
    urls.appRoles = GRAPH_PATHS.appRoleAssignmentsOf(known);
  }
  if (hints.displayName) urls.namesakes = GRAPH_PATHS.namesakes(hints.displayName);
  resources.forEach((appId, i) => (urls[`resource${i}`] = catalog.pathFor(appId)));
  legacy.forEach((appId, i) => (urls[`legacy${i}`] = GRAPH_PATHS.principalNameByAppId(appId)));
  const answers = await graph.readMany(urls);
  const principalOf = (key: string, appId: string) =>
    graph.objectOf(answers[key], servicePrincipalSchema, `reading the service principal of ${appId}`);

  // The declared resources' principals, recorded for check() whether or not the app has one here.
  const resourceAppIds = new Map<string, string>();
  resources.forEach((appId, i) => {
    const resource = principalOf(`resource${i}`, appId);
    catalog.learn(tenantId, appId, resource);
    if (resource) resourceAppIds.set(resource.id, resource.appId.toLowerCase());
  });

  let staleServicePrincipals: StaleNamesake[] | undefined;
  if (hints.displayName) {
    const what = `listing service principals named ${hints.displayName}`;
    const page = graph.pageOf(answers.namesakes, servicePrincipalSchema, what);
    const all = page.more ? await graph.servicePrincipalsByDisplayName(hints.displayName) : page.items;
    const earlier = legacy.flatMap((appId, i) => principalOf(`legacy${i}`, appId) ?? []);
    staleServicePrincipals = namesakesOf([...all, ...earlier], applicationId);
  }
  const sp = principalOf("principal", applicationId);
  if (!sp) return { grants: [], ...(staleServicePrincipals ? { staleServicePrincipals } : {}) };

  // A principal re-created since (another object id): its grants and roles in one more batch.
  const lists =
    known !== undefined && sameId(known, sp.id)
      ? answers
      : await graph.readMany({
          grants: GRAPH_PATHS.grantsOf(sp.id),
          appRoles: GRAPH_PATHS.appRoleAssignmentsOf(sp.id),
        });
  const grantPage = graph.pageOf(lists.grants, oauth2PermissionGrantSchema, "listing delegated grants");
  const grants: OAuth2PermissionGrant[] = grantPage.more ? await graph.grantsOf(sp.id) : grantPage.items;
  const rolePage = graph.pageOf(lists.appRoles, appRoleAssignmentSchema, "listing app role assignments");
  const roles: AppRoleAssignment[] = rolePage.more ? await graph.appRoleAssignmentsOf(sp.id) : rolePage.items;

  const resourceIds = new Set([...grants.map((g) => g.resourceId), ...roles.map((r) => r.resourceId)]);
  for (const resourceId of resourceIds) {
    if (resourceAppIds.has(resourceId)) continue;
    const resource = await graph.servicePrincipalById(resourceId);
    if (resource) resourceAppIds.set(resourceId, resource.appId.toLowerCase());
  }

  const allPrincipals: ObservedGrant[] = grants
    .filter((g) => g.consentType === "AllPrincipals")
    .map((g) => ({
      id: g.id,
      resourceId: g.resourceId,
      resourceAppId: resourceAppIds.get(g.resourceId),
      scopes: g.scope.split(/\s+/).filter(Boolean),
    }));
  const appRoleAssignments = await Promise.all(
    roles.map(async (r): Promise<ObservedAppRole> => {
      const resourceAppId = resourceAppIds.get(r.resourceId);
      return {
        id: r.id,
        resourceId: r.resourceId,
        resourceAppId,
        appRoleId: r.appRoleId,
        value: resourceAppId ? await roleValue(microsoft, tenantId, resourceAppId, r.appRoleId) : r.appRoleId,
      };
    }),
  );
  return {
    servicePrincipalObjectId: sp.id,
    displayName: sp.displayName,
    accountEnabled: sp.accountEnabled,
    grantIds: grants.map((g) => g.id),
    allPrincipalsGrants: allPrincipals,
    appRoleAssignments,
    grants: mergeByResource(allPrincipals, appRoleAssignments),
    ...(staleServicePrincipals ? { staleServicePrincipals } : {}),
  };
}

/** An assigned role's value, from the resource's published roles (read once per process). */
async function roleValue(
  microsoft: TenantReader,
  tenantId: string,
  resourceAppId: string,
  appRoleId: string,
): Promise<string> {
  const catalog = microsoft.resources;
  if (!catalog.permissionsOf(resourceAppId)) await catalog.principalsIn(tenantId, [resourceAppId]);
  return catalog.permissionsOf(resourceAppId)?.roleValues.get(appRoleId.toLowerCase()) ?? appRoleId;
}

function mergeByResource(grants: ObservedGrant[], roles: ObservedAppRole[]): ConsentGrant[] {
  const byResource = new Map<string, { scopes: Set<string>; appRoles: Set<string> }>();
  const entry = (appId: string) => {
    const found = byResource.get(appId) ?? { scopes: new Set<string>(), appRoles: new Set<string>() };
    byResource.set(appId, found);
    return found;
  };
  for (const grant of grants)
    if (grant.resourceAppId) for (const scope of grant.scopes) entry(grant.resourceAppId).scopes.add(scope);
  for (const role of roles) if (role.resourceAppId) entry(role.resourceAppId).appRoles.add(role.value);
  return [...byResource].map(([enterpriseApplicationId, { scopes, appRoles }]) => ({
    enterpriseApplicationId,
    scopes: [...scopes],
    ...(appRoles.size > 0 ? { appRoles: [...appRoles] } : {}),
  }));
}

function namesakesOf(principals: readonly ServicePrincipal[], applicationId: string): StaleNamesake[] {
  const seen = new Set<string>();
  return (
    principals
      // A managed identity that happens to share the name is not a leftover of the integration.
      .filter((sp) => sp.servicePrincipalType !== "ManagedIdentity")
      .filter((sp) => !sameId(sp.appId, applicationId))
      .filter((sp) => !seen.has(sp.id) && Boolean(seen.add(sp.id)))
      .map((sp) => ({ objectId: sp.id, appId: sp.appId, displayName: sp.displayName }))
  );
}
