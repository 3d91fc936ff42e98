import { CONSENT_CAPABLE_ROLES, DIRECTORY_READ_ROLES } from "../../provider/contracts/graph";
import type { EmulatorState } from "./model";

export type GdapNeed = "read" | "consent";

/**
 * The directory roles a partner user holds in a customer tenant through GDAP: those of active access
 * assignments, in active relationships with that customer, held by a partner group the user is in.
 */
export function gdapRolesOf(state: EmulatorState, userId: string, customerTenantId: string): Set<string> {
  const groups = new Set(state.partnerGroups.filter((g) => g.memberIds.includes(userId)).map((g) => g.id));
  const roles = new Set<string>();
  for (const relationship of state.gdapRelationships) {
    if (relationship.customerTenantId !== customerTenantId.toLowerCase() || relationship.status !== "active")
      continue;
    for (const assignment of relationship.accessAssignments) {
      if (assignment.status !== "active" || !groups.has(assignment.groupId)) continue;
      // An assignment can only hand out roles the relationship itself grants.
      for (const role of assignment.roleDefinitionIds)
        if (relationship.roleDefinitionIds.includes(role)) roles.add(role);
    }
  }
  return roles;
}

/** Whether the user's GDAP roles allow a call; `undefined` when allowed, else the roles it needs. */
export function missingGdapRole(
  state: EmulatorState,
  userId: string,
  customerTenantId: string,
  need: GdapNeed,
): string | undefined {
  if (!state.options.enforceGdapRoles) return undefined;
  const held = gdapRolesOf(state, userId, customerTenantId);
  const wanted = need === "consent" ? CONSENT_CAPABLE_ROLES : DIRECTORY_READ_ROLES;
  return wanted.some((r) => held.has(r.id))
    ? undefined
    : `${wanted
        .slice(0, need === "consent" ? 2 : wanted.length)
        .map((r) => r.name)
        .join(" or ")}`;
}
