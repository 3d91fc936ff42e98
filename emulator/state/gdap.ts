import { CONSENT_CAPABLE_ROLES, DIRECTORY_READ_ROLES } from "../../provider/contracts/graph";
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

export type GdapNeed = "read" | "consent";

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
  const groups = new Set(state.partnerGroups.filter((g) => g.memberIds.includes(userId)).map((g) => g.id));
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
