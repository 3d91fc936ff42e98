import { ProviderError } from "../../errors";
import type { MicrosoftServices } from "../../session/services";
import { type ConsentGrant, delegatedPart, sameScopes } from "../../domain/grants";
import { sameId } from "../../domain/identifiers";
import type { Observation } from "../../tenant/observation";

/**
 * Makes the app's tenant-wide delegated grants equal the declaration without revoking the consent:
 * each declared resource's grant is patched (or created when it is gone) first, and only then are
 * grants on resources no longer declared removed. The principal and every declared scope that was
 * already granted stay in effect throughout, so a failure half way leaves a working connector.
 */
export async function repairGrantsInPlace(
  microsoft: MicrosoftServices,
  tenantId: string,
  observed: Observation & { servicePrincipalObjectId: string },
  declaredGrants: readonly ConsentGrant[],
): Promise<void> {
  // App roles are assigned apart (see repairAppRoles): a resource with roles only has no grant here.
  const declared = delegatedPart(declaredGrants);
  const graph = microsoft.graph(tenantId);
  const existing = observed.allPrincipalsGrants ?? [];
  const on = (resourceAppId: string) =>
    existing.filter((g) => g.resourceAppId !== undefined && sameId(g.resourceAppId, resourceAppId));

  for (const grant of declared) {
    const [first, ...duplicates] = on(grant.enterpriseApplicationId);
    if (first) {
      if (!sameScopes(first.scopes, grant.scopes)) await graph.updateGrantScope(first.id, grant.scopes);
      // Several tenant-wide grants on one resource: the first now holds every declared scope.
      for (const duplicate of duplicates) await graph.deleteGrant(duplicate.id);
      continue;
    }
    const resource = await graph.servicePrincipalByAppId(grant.enterpriseApplicationId);
    if (!resource)
      throw new ProviderError(
        "AUTH_RESOURCE_NOT_IN_TENANT",
        `resource application ${grant.enterpriseApplicationId} has no service principal in tenant ${tenantId}, so its scopes cannot be granted; ` +
          "remove that grant from the declaration or add the resource to the tenant",
      );
    await graph.createAllPrincipalsGrant(observed.servicePrincipalObjectId, resource.id, grant.scopes);
  }

  const undeclared = existing.filter(
    (g) =>
      g.resourceAppId !== undefined &&
      !declared.some((d) => sameId(d.enterpriseApplicationId, g.resourceAppId)),
  );
  for (const grant of undeclared) await graph.deleteGrant(grant.id);
}
