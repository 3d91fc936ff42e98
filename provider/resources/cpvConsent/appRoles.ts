import { ProviderError } from "../../errors";
import type { MicrosoftServices } from "../../services";
import { type ConsentGrant, appRoleManagedResources } from "../../domain/grants";
import { sameId } from "../../domain/identifiers";
import type { Observation } from "../../domain/observation";

/**
 * Makes the principal's app role assignments equal the declaration on the resources whose grant
 * lists appRoles, through Graph: missing roles are assigned first, and only then are roles no longer
 * declared removed, so a failure half way never leaves the connector with less than it had. Partner Center and Rewst consent delegated
 * scopes only; application permissions are always this second step.
 */
export async function repairAppRoles(
  microsoft: MicrosoftServices,
  tenantId: string,
  observed: Observation & { servicePrincipalObjectId: string },
  declared: readonly ConsentGrant[],
): Promise<void> {
  const graph = microsoft.graph(tenantId);
  const client = observed.servicePrincipalObjectId;
  const existing = observed.appRoleAssignments ?? [];
  const wanted = declared.filter((g) => (g.appRoles ?? []).length > 0);
  // Only resources whose grant lists appRoles are managed; roles elsewhere stay as they are.
  const managed = appRoleManagedResources(declared);
  const principals = await microsoft.resources.principalsIn(
    tenantId,
    wanted.map((g) => g.enterpriseApplicationId),
  );
  try {
    for (const grant of wanted) {
      const resourceId = principals.get(grant.enterpriseApplicationId.toLowerCase());
      const published = microsoft.resources.permissionsOf(grant.enterpriseApplicationId);
      for (const value of grant.appRoles ?? []) {
        const role = published?.appRoles.get(value.toLowerCase());
        if (!resourceId || !role)
          throw new ProviderError(
            "CONSENT_FAILED",
            `app role ${value} of ${grant.enterpriseApplicationId} cannot be assigned in tenant ${tenantId}: ` +
              (resourceId
                ? "the resource does not publish it"
                : "the tenant has no principal of that resource"),
          );
        const held = existing.some((a) => sameId(a.resourceId, resourceId) && sameId(a.appRoleId, role.id));
        if (!held) await graph.assignAppRole(client, resourceId, role.id);
      }
    }
    const declaredValue = (resourceAppId: string, value: string) =>
      wanted.some(
        (g) =>
          sameId(g.enterpriseApplicationId, resourceAppId) &&
          (g.appRoles ?? []).some((r) => r.toLowerCase() === value.toLowerCase()),
      );
    for (const assignment of existing) {
      // A role on a resource that cannot be read is left alone rather than guessed at.
      if (!assignment.resourceAppId || declaredValue(assignment.resourceAppId, assignment.value)) continue;
      if (!managed.has(assignment.resourceAppId.toLowerCase())) continue;
      await graph.removeAppRoleAssignment(client, assignment.id);
    }
  } catch (error) {
    if (error instanceof ProviderError && /Authorization_RequestDenied/.test(error.message))
      throw new ProviderError(
        "CONSENT_FAILED",
        `${error.message.replace(/^\[[A-Z_]+\] /, "")}. Assigning app roles needs AppRoleAssignment.ReadWrite.All for your app in the customer tenant ` +
          "and, through GDAP, Privileged Role Administrator (Microsoft Graph's app roles) or Cloud Application Administrator (other resources)",
      );
    throw error;
  }
}
