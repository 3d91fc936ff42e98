import type { PolicyResource } from "@pulumi/policy";

import { DIRECTORY_ROLES } from "../../provider/contracts/graph";
import type { GdapSummary } from "../../provider/outputs";
import { type ConsentView, consents, customerLabel } from "./resources";

/** One customer with consents declared, and its GDAP relationship as the provider read it. */
export interface CustomerGdap {
  tenantId: string;
  label: string;
  gdap: GdapSummary;
  consents: ConsentView[];
}

/** Customers with a consent whose GDAP relationship is known (a stack made before it was read: skipped). */
export function customersWithGdap(resources: PolicyResource[]): CustomerGdap[] {
  const byTenant = new Map<string, CustomerGdap>();
  for (const consent of consents(resources)) {
    if (!consent.gdap) continue;
    const tenantId = consent.customerTenantId.toLowerCase();
    const entry = byTenant.get(tenantId) ?? {
      tenantId,
      label: customerLabel(consent.customerTenantId, resources),
      gdap: consent.gdap,
      consents: [],
    };
    entry.consents.push(consent);
    byTenant.set(tenantId, entry);
  }
  return [...byTenant.values()];
}

const ROLE_NAMES = new Map<string, string>(Object.values(DIRECTORY_ROLES).map((r) => [r.id, r.name]));
/** Role names for a message, template ids where the name is not known. */
export const roleNames = (ids: readonly string[]): string =>
  ids.map((id) => ROLE_NAMES.get(id.toLowerCase()) ?? id).join(", ") || "none";

/** Where the admin finds the relationship: its name and id. */
export const relationshipLabel = (gdap: GdapSummary): string =>
  gdap.relationshipId
    ? `GDAP relationship "${gdap.relationshipName ?? ""}" (${gdap.relationshipId})`
    : "no GDAP relationship";

/** Whether the relationship never extends itself: PT0S, unset, or Global Administrator in it. */
export const autoExtendOff = (gdap: GdapSummary): boolean =>
  !gdap.autoExtendDuration ||
  gdap.autoExtendDuration === "PT0S" ||
  gdap.relationshipRoles.includes(DIRECTORY_ROLES.globalAdministrator.id);
