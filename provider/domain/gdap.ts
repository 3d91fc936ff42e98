import type { GdapAccess } from "../gdapListing";
import { type GdapAction, deniedMessage, firstDenied } from "./gdapRoles";

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
