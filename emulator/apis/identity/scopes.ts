import { AUDIENCES } from "../../../provider/contracts/identity";
import type { EmulatorContext } from "../../context";
import { resourceApp } from "../../state/catalog";
import type { Tenant } from "../../state/model";

const OIDC_SCOPES = new Set(["openid", "profile", "offline_access", "email"]);
export const RESOURCE_APP_IDS: Record<string, string> = {
  [AUDIENCES.graph]: "00000003-0000-0000-c000-000000000000",
  [AUDIENCES.partnerCenter]: "fa3d9a0c-3fb0-42cc-9193-47c7ecd2edbd",
};

/** The single resource a scope list asks for (e.g. https://graph.microsoft.com/.default). */
export function requestedResource(scope: string): { audience?: string; error?: string } {
  const resources = new Set(
    scope
      .split(/\s+/)
      .filter((s) => s && !OIDC_SCOPES.has(s))
      .map((s) => {
        const match = /^(https:\/\/[^/]+)\/.+$/.exec(s);
        return match ? match[1] : s;
      }),
  );
  if (resources.size === 0) return { error: "none" };
  if (resources.size > 1) return { error: "many" };
  return { audience: [...resources][0] };
}

export function delegatedScopes(
  ctx: EmulatorContext,
  tenant: Tenant,
  clientSpId: string,
  resourceAppId: string,
): string[] {
  const state = ctx.store.state;
  const resourceSp = state.servicePrincipals.find(
    (sp) => sp.tenantId === tenant.id && sp.appId === resourceAppId,
  );
  if (!resourceSp) return [];
  return state.grants
    .filter((g) => g.tenantId === tenant.id && g.clientId === clientSpId && g.resourceId === resourceSp.id)
    .flatMap((g) => g.scope.split(/\s+/).filter(Boolean));
}

export function appRoles(
  ctx: EmulatorContext,
  tenant: Tenant,
  clientSpId: string,
  resourceAppId: string,
): string[] {
  const state = ctx.store.state;
  const resourceSp = state.servicePrincipals.find(
    (sp) => sp.tenantId === tenant.id && sp.appId === resourceAppId,
  );
  const catalog = resourceApp(resourceAppId);
  if (!resourceSp || !catalog) return [];
  return state.appRoleAssignments
    .filter((a) => a.tenantId === tenant.id && a.principalId === clientSpId && a.resourceId === resourceSp.id)
    .map((a) => catalog.appRoles.find((r) => r.id === a.appRoleId)?.value)
    .filter((v): v is string => Boolean(v));
}
