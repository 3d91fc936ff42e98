import type { StackValidationPolicy } from "@pulumi/policy";

import { mappings } from "./lib/resources";

/**
 * `org-linked-to-multiple-customers` (stack, mandatory): a Rewst organization mapped to more than one
 * customer, in code or as observed — the situation behind Rewst's "One or more organizations are
 * linked to multiple customers" error. One customer mapped to several organizations is allowed.
 */
export const orgLinkedToMultipleCustomers: StackValidationPolicy = {
  name: "org-linked-to-multiple-customers",
  description: "No Rewst organization is linked to more than one Microsoft CSP customer.",
  enforcementLevel: "mandatory",
  validateStack: (args, reportViolation) => {
    const all = mappings(args.resources);
    const customersOfOrg = new Map<string, Map<string, string>>(); // org -> tenant -> label
    const firstMapping = new Map<string, string>(); // org -> URN of the first mapping declaring it
    const add = (org: string, tenant: string, label: string) => {
      const tenants = customersOfOrg.get(org) ?? new Map<string, string>();
      tenants.set(tenant, label);
      customersOfOrg.set(org, tenants);
    };
    for (const m of all) {
      const label = m.companyName ? `${m.companyName} (${m.customerTenantId})` : m.customerTenantId;
      add(m.organizationId, m.customerTenantId, label);
      if (!firstMapping.has(m.organizationId)) firstMapping.set(m.organizationId, m.urn);
      // As observed: every organization Rewst lists for this customer.
      for (const org of m.linkedOrganizationIds ?? []) add(org, m.customerTenantId, label);
    }
    for (const [org, tenants] of customersOfOrg) {
      if (tenants.size > 1) {
        reportViolation(
          `Rewst organization ${org} is linked to ${tenants.size} customers: ${[...tenants.values()].sort().join(", ")}. ` +
            `Expected: one customer per organization (Rewst: "One or more organizations are linked to multiple customers"). ` +
            `Fix: keep one mapping for this organization and unlink the others.`,
          firstMapping.get(org),
        );
      }
    }
  },
};
