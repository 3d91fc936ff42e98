import { CONSENT_CAPABLE_ROLES, DIRECTORY_READ_ROLES } from "../contracts/graph";
import type { GdapAccess } from "../gdapListing";

const roleName = (id: string) => DIRECTORY_READ_ROLES.find((r) => r.id === id)?.name ?? id;

/**
 * A consent needs a consent-capable GDAP role in the customer tenant; with an active relationship
 * that grants none, every consent attempt fails, so preview says so before anything is written.
 */
export function missingConsentRole(tenantId: string, access: GdapAccess): string | undefined {
  if (access.status !== "active" || CONSENT_CAPABLE_ROLES.some((r) => access.roles.has(r.id)))
    return undefined;
  const held = [...access.roles].map(roleName).join(", ") || "no role";
  return (
    `GDAP with tenant ${tenantId} gives the partner user no role that can consent to applications: ` +
    `needs ${CONSENT_CAPABLE_ROLES[0].name} or ${CONSENT_CAPABLE_ROLES[1].name} (holds ${held}). ` +
    "Add one of them to the access assignment of your GDAP security group for this customer, or remove this consent"
  );
}
