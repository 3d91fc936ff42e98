import { ADMIN_AGENTS } from "../contracts/partnerCenter";
import { type GdapAction, deniedMessage, firstDenied, roleNames } from "./gdapRoles";

/** What GDAP lets the partner user do in one customer tenant. */
export interface GdapAccess {
  /** Status of the customer's relationship (an active one first), or null without any. */
  status: string | null;
  /** Role template ids the partner user holds there (active assignments of its groups). */
  roles: Set<string>;
  /** What the judgement relied on or could not see (nested groups, AdminAgents), for gdap-advice. */
  advice?: string[];
  /** Whether the partner user is in AdminAgents (undefined: not looked at). */
  inAdminAgents?: boolean;
}

/**
 * The partner user needs, in the customer tenant, a GDAP role for every action a consent performs
 * there; with an active relationship that grants none for one of them, that step fails, so preview
 * (and delete, before anything is revoked) says so first. An inactive relationship is judged by
 * the status policies.
 */
export function missingGdapRole(
  tenantId: string,
  access: GdapAccess,
  actions: readonly GdapAction[],
): string | undefined {
  if (access.status !== "active") return undefined;
  const denied = firstDenied(actions, access.roles);
  if (!denied) return undefined;
  return (
    `${deniedMessage(tenantId, denied, access.roles)}. ` +
    "Add one of them to the relationship and to your GDAP security group's access assignment for this customer"
  );
}

/**
 * What the role judgement relied on or could not see, said as advice (never a refusal): roles held
 * only through a group nested in the assigned one (whether GDAP honours that is UNCONFIRMED), and a
 * partner user outside AdminAgents.
 */
export function membershipAdvice(input: {
  viaAll: ReadonlySet<string>;
  viaDirect: ReadonlySet<string>;
  inAdminAgents: boolean;
  nestedGroups: "count" | "ignore";
  adminAgentsCheck: "advise" | "refuse" | "off";
}): string[] {
  const advice: string[] = [];
  const nestedOnly = [...input.viaAll].filter((role) => !input.viaDirect.has(role));
  if (nestedOnly.length > 0)
    advice.push(
      input.nestedGroups === "count"
        ? `the partner user holds ${roleNames(nestedOnly)} only through a group nested in the assigned security group, and the gate counted it; whether GDAP honours nested groups is UNCONFIRMED. ` +
            "Fix: add the partner user to the assigned group directly (or set rewst-csp:gdapNestedGroups ignore to stop counting them)"
        : `the partner user holds ${roleNames(nestedOnly)} only through a group nested in the assigned security group, which rewst-csp:gdapNestedGroups ignore does not count. ` +
            "Fix: add the partner user to the assigned group directly",
    );
  if (!input.inAdminAgents && input.adminAgentsCheck !== "off")
    advice.push(
      `the partner user is not in the partner tenant's ${ADMIN_AGENTS} group, where Microsoft's CPV-under-GDAP guidance wants the consenting user. ` +
        `Fix: add it to ${ADMIN_AGENTS} (Partner Center > Account settings > User management)`,
    );
  return advice;
}
