import type { EmulatorContext } from "../../context";
import { resourceApp } from "../../state/catalog";
import type { GrantRecord, ServicePrincipalRecord } from "../../state/model";

/** A service principal as Graph v1.0 returns it. */
export function toServicePrincipal(sp: ServicePrincipalRecord) {
  const catalog = resourceApp(sp.appId);
  return {
    id: sp.id,
    appId: sp.appId,
    displayName: sp.displayName,
    // Managed identities have no application object: appDisplayName null, as Graph shows them.
    appDisplayName: sp.servicePrincipalType === "ManagedIdentity" ? null : sp.displayName,
    appOwnerOrganizationId: sp.appOwnerOrganizationId,
    accountEnabled: sp.accountEnabled,
    servicePrincipalType: sp.servicePrincipalType,
    servicePrincipalNames: [sp.appId],
    publisherName: null,
    homepage: null,
    tags: [],
    appRoles: (catalog?.appRoles ?? []).map((r) => ({
      id: r.id,
      value: r.value,
      displayName: r.value,
      allowedMemberTypes: ["Application"],
      isEnabled: true,
    })),
    oauth2PermissionScopes: (catalog?.scopes ?? []).map((s) => ({
      id: s.id,
      value: s.value,
      type: "Admin",
      isEnabled: true,
    })),
  };
}

/** A delegated grant as Graph returns it: a PATCHed scope reads back old until it has replicated. */
export const toGrant = (ctx: EmulatorContext, g: GrantRecord) => ({
  id: g.id,
  clientId: g.clientId,
  consentType: g.consentType,
  principalId: g.principalId,
  resourceId: g.resourceId,
  scope:
    g.previousScope !== null &&
    g.scopeVisibleAfter !== null &&
    new Date(g.scopeVisibleAfter).getTime() > ctx.now().getTime()
      ? g.previousScope
      : g.scope,
});
