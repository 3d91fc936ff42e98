import type { EmulatorState, ServicePrincipalRecord } from "./model";

/** Deletes a service principal with its grants and app role assignments (Graph cascades them). */
export function removeServicePrincipal(s: EmulatorState, sp: ServicePrincipalRecord): void {
  s.servicePrincipals = s.servicePrincipals.filter((x) => x !== sp);
  s.grants = s.grants.filter(
    (g) => !(g.tenantId === sp.tenantId && (g.clientId === sp.id || g.resourceId === sp.id)),
  );
  s.appRoleAssignments = s.appRoleAssignments.filter(
    (a) => !(a.tenantId === sp.tenantId && (a.principalId === sp.id || a.resourceId === sp.id)),
  );
}
