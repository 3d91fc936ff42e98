import { type GdapAction, acceptedRoleNames, allows } from "../../provider/domain/gdapRoles";
import type { EmulatorState } from "./model";

type Relationship = EmulatorState["gdapRelationships"][number];
const DAY_MS = 86_400_000;

/**
 * A relationship as Microsoft shows it now: past its end, an active one is extended by its
 * auto-extend duration (P180D) or has expired (PT0S; always so with Global Administrator).
 */
export function relationshipNow(
  relationship: Relationship,
  now: Date,
): { status: Relationship["status"]; endDateTime: string | null } {
  const { status, endDateTime } = relationship;
  if (status !== "active" || !endDateTime) return { status, endDateTime };
  let end = new Date(endDateTime).getTime();
  if (end > now.getTime()) return { status, endDateTime };
  const extendDays = Number(/^P(\d+)D$/.exec(relationship.autoExtendDuration)?.[1] ?? 0);
  if (extendDays === 0) return { status: "expired", endDateTime };
  while (end <= now.getTime()) end += extendDays * DAY_MS;
  return { status, endDateTime: new Date(end).toISOString() };
}

/**
 * The partner groups a user is in: direct memberships, and, where the emulator is told GDAP honours
 * them (UNCONFIRMED), the groups those groups are members of.
 */
export function groupsOf(state: EmulatorState, userId: string, transitive: boolean): Set<string> {
  const groups = new Set(state.partnerGroups.filter((g) => g.memberIds.includes(userId)).map((g) => g.id));
  for (let grew = transitive; grew;) {
    grew = false;
    for (const g of state.partnerGroups)
      if (!groups.has(g.id) && g.memberIds.some((m) => groups.has(m))) {
        groups.add(g.id);
        grew = true;
      }
  }
  return groups;
}

/**
 * The directory roles a partner user holds in a customer tenant through GDAP: those of active access
 * assignments, in active relationships with that customer, held by a partner group the user is in.
 */
export function gdapRolesOf(
  state: EmulatorState,
  userId: string,
  customerTenantId: string,
  now: Date = new Date(),
): Set<string> {
  const groups = groupsOf(state, userId, state.options.gdapHonoursNestedGroups);
  const roles = new Set<string>();
  for (const relationship of state.gdapRelationships) {
    if (
      relationship.customerTenantId !== customerTenantId.toLowerCase() ||
      relationshipNow(relationship, now).status !== "active"
    )
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

/**
 * Whether the user's GDAP roles allow an action (the project's one table of Microsoft's documented
 * roles per action); `undefined` when allowed, else the roles that would do.
 */
export function missingGdapRole(
  state: EmulatorState,
  userId: string,
  customerTenantId: string,
  action: GdapAction,
): string | undefined {
  if (!state.options.enforceGdapRoles) return undefined;
  return allows(action, gdapRolesOf(state, userId, customerTenantId)) ? undefined : acceptedRoleNames(action);
}
