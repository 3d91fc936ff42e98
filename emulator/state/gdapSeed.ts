import { DIRECTORY_ROLES } from "../../provider/contracts/graph";
import { stableGuid } from "./ids";
import type { EmulatorState } from "./model";
import { PARTNER_GDAP_GROUP, REWST_GDAP_GROUP, type seedSchema } from "./seed";
import type { z } from "zod";

type SeedCustomer = z.infer<typeof seedSchema>["customers"][number];

/** The GDAP relationship a seeded customer has with the partner, with its one access assignment. */
export function seededRelationship(
  customer: SeedCustomer & { gdap: Exclude<SeedCustomer["gdap"], "none"> },
  partnerTenantId: string,
  epoch: string,
): EmulatorState["gdapRelationships"][number] {
  const rewstRoles = customer.rewstGdapRoles ?? customer.gdapRoles;
  const granted = [...new Set([...customer.gdapRoles, ...rewstRoles])];
  const started = !["created", "approvalPending", "approved", "activating"].includes(customer.gdap);
  const id = `${stableGuid(`gdap:${customer.tenantId}`)}-${stableGuid(`gdap2:${customer.tenantId}`)}`;
  return {
    id,
    partnerTenantId: partnerTenantId,
    customerTenantId: customer.tenantId,
    customerDisplayName: customer.companyName,
    displayName: `Rewst GDAP ${customer.companyName}`.slice(0, 50),
    status: customer.gdap,
    kind: customer.gdapKind,
    duration: "P730D",
    // Microsoft refuses auto-extend for relationships holding Global Administrator.
    autoExtendDuration:
      customer.gdapKind === "reseller" || granted.includes(DIRECTORY_ROLES.globalAdministrator.id)
        ? "PT0S"
        : (customer.gdapAutoExtend ?? "P180D"),
    roleDefinitionIds: granted,
    createdDateTime: epoch,
    // A relationship that was never approved has no dates yet.
    activatedDateTime: started ? epoch : null,
    endDateTime: !started
      ? null
      : (customer.gdapEndDateTime ??
        (customer.gdap === "active" ? "2027-12-31T00:00:00.000Z" : "2026-06-01T00:00:00.000Z")),
    accessAssignments: started
      ? [
          {
            id: stableGuid(`gdap-assignment:${customer.tenantId}`),
            groupId: PARTNER_GDAP_GROUP.id,
            roleDefinitionIds: customer.gdapRoles,
            status: "active",
          },
          {
            id: stableGuid(`gdap-assignment-rewst:${customer.tenantId}`),
            groupId: REWST_GDAP_GROUP.id,
            roleDefinitionIds: rewstRoles,
            status: "active",
          },
        ]
      : [],
  };
}
