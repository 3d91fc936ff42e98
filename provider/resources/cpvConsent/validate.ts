import type * as pulumi from "@pulumi/pulumi";

import type { ConsentGrant } from "../../domain/grants";
import type { MicrosoftServices } from "../../session/services";

/**
 * What the customer tenant would refuse in a consent's grants, found at check time so a preview
 * fails before anything is written: a resource whose principal the tenant lacks (AADSTS500011), a
 * scope or app role the resource does not publish (misspelled, or deprecated and disabled). The
 * published permissions are read once per resource app per process; presence once per tenant.
 */
export async function permissionFailures(
  microsoft: MicrosoftServices,
  tenantId: string,
  grants: readonly ConsentGrant[],
): Promise<pulumi.dynamic.CheckFailure[]> {
  const principals = await microsoft.resources.principalsIn(
    tenantId,
    grants.map((g) => g.enterpriseApplicationId),
  );
  return grants.flatMap((grant, i): pulumi.dynamic.CheckFailure[] => {
    const appId = grant.enterpriseApplicationId;
    if (principals.get(appId.toLowerCase()) === null)
      return [
        {
          property: `grants[${i}].enterpriseApplicationId`,
          reason:
            `tenant ${tenantId} has no service principal of resource ${appId}, so its consent would fail ` +
            "(AADSTS500011: the resource principal was not found in the tenant). Remove this grant for the " +
            "customer, or add the resource to the tenant first (e.g. the license or service that brings it)",
        },
      ];
    const published = microsoft.resources.permissionsOf(appId);
    if (!published) return [];
    const resource = `${published.displayName || "resource"} (${appId})`;
    const unknown = (
      kind: "scopes" | "appRoles",
      values: readonly string[],
      known: ReadonlyMap<string, unknown>,
    ): pulumi.dynamic.CheckFailure[] =>
      values.flatMap((value, j) =>
        known.has(value.toLowerCase())
          ? []
          : [
              {
                property: `grants[${i}].${kind}[${j}]`,
                reason:
                  `${resource} publishes no ${kind === "scopes" ? "delegated permission" : "app role"} ${value} ` +
                  `in tenant ${tenantId} (misspelled, or deprecated and disabled); consent would fail. ` +
                  `Use a value from the resource's ${kind === "scopes" ? "oauth2PermissionScopes" : "appRoles"}`,
              },
            ],
      );
    return [
      ...unknown("scopes", grant.scopes, published.scopes),
      ...unknown("appRoles", grant.appRoles ?? [], published.appRoles),
    ];
  });
}
