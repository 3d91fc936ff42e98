import type { PolicyResource } from "@pulumi/policy";

import { DIRECTORY_ROLES } from "../../provider/contracts/graph";
import type { GdapSummary } from "../../provider/outputs";
import { type ConsentView, consents, customerLabel } from "./resources";

/** One customer with consents declared, and its GDAP relationship as the provider read it. */
export interface CustomerGdap {
  tenantId: string;
  label: string;
  /** The customer's first consent: violations about the customer name it. */
  urn: string;
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
      urn: consent.urn,
      gdap: consent.gdap,
      consents: [],
    };
    entry.consents.push(consent);
    byTenant.set(tenantId, entry);
  }
  return [...byTenant.values()];
}

/** A consent made by Rewst's integration user (`via: rewst`): its roles are Rewst's, not the partner user's. */
export const judgedByRewst = (consent: ConsentView): boolean =>
  consent.via === "rewst" || consent.gdap?.judgedFor === "rewst";

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
