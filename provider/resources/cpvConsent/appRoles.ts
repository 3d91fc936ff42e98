import { ProviderError, causeOf, serviceCodeOf } from "../../errors";
import type { MicrosoftServices } from "../../session/services";
import { type ConsentGrant, appRoleManagedResources } from "../../domain/grants";
import { acceptedRoleNames } from "../../domain/gdapRoles";
import { sameId } from "../../domain/identifiers";
import type { Observation } from "../../tenant/observation";

/** How long an assignment Graph says exists may take to be listed (the list replicates late). */
const READ_BACK_WAIT_MS = 30_000;
const READ_BACK_STEP_MS = 1_000;

/**
 * An assignment Graph refused as a duplicate is adopted only once it is listed: the refusal's
 * wording is Graph's, the listing is the proof.
 */
async function readBackAssignment(
  graph: ReturnType<MicrosoftServices["graph"]>,
  tenantId: string,
  client: string,
  resourceId: string,
  appRoleId: string,
  value: string,
): Promise<void> {
  const deadline = Date.now() + READ_BACK_WAIT_MS;
  for (;;) {
    const listed = await graph.appRoleAssignmentsOf(client);
    if (listed.some((a) => sameId(a.resourceId, resourceId) && sameId(a.appRoleId, appRoleId))) return;
    if (Date.now() >= deadline)
      throw new ProviderError(
        "CONSENT_FAILED",
        `Graph answered that app role ${value} is already assigned to ${client} in tenant ${tenantId}, ` +
          `but it was not listed within ${READ_BACK_WAIT_MS / 1000} s. Run pulumi up again once it is listed`,
      );
    await new Promise((resolve) => setTimeout(resolve, READ_BACK_STEP_MS));
  }
}

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
        if (held) continue;
        if ((await graph.assignAppRole(client, resourceId, role.id)) === "exists")
          await readBackAssignment(graph, tenantId, client, resourceId, role.id, value);
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
    if (serviceCodeOf(error) === "Authorization_RequestDenied")
      throw new ProviderError(
        "CONSENT_FAILED",
        `${causeOf(error)}. Assigning app roles needs AppRoleAssignment.ReadWrite.All for your app in the customer tenant ` +
          `and, through GDAP, ${acceptedRoleNames("graphAppRoleAssignment")} (Microsoft Graph's app roles) or ${acceptedRoleNames("appRoleAssignment")} (other resources)`,
      );
    throw error;
  }
}
