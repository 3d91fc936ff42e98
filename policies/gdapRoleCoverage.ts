import type { StackValidationPolicy } from "@pulumi/policy";

import { WELL_KNOWN_APP_IDS } from "../provider/contracts/identity";
import {
  GDAP_ACTIONS,
  type GdapAction,
  acceptedRoleNames,
  consentActions,
  firstDenied,
  roleNames,
} from "../provider/domain/gdapRoles";
import { customersWithGdap, judgedByRewst, relationshipLabel } from "./lib/gdap";

/**
 * `gdap-role-coverage` (stack, mandatory): every customer with a declared consent has an active GDAP
 * relationship, and, for consents the partner user makes (Partner Center channel), an active access
 * assignment giving it a role for every action the consent performs there, as Microsoft documents
 * them (the provider's one table). Most "not consented" and "403 Forbidden" reports are this gap.
 * Consents through Rewst are made by Rewst's own user, whose roles cannot be read (gdap-advice).
 */
export const gdapRoleCoverage: StackValidationPolicy = {
  name: "gdap-role-coverage",
  description: "Customers with a consent have active GDAP giving the consenting user the roles it needs.",
  enforcementLevel: "mandatory",
  validateStack: (args, reportViolation) => {
    for (const customer of customersWithGdap(args.resources)) {
      const { gdap, label } = customer;
      const where = `${label}, ${relationshipLabel(gdap)}`;
      if (gdap.status !== "active") {
        reportViolation(
          `${where}: the consent cannot be granted or repaired. Expected: an active GDAP relationship. ` +
            `Observed: ${gdap.status ?? "none"}. Fix: create or renew the relationship with the customer (Partner Center > Customers > Admin relationships), then assign your GDAP security group the roles the consent needs.`,
          customer.urn,
        );
        continue;
      }
      const actions = new Set<GdapAction>(
        customer.consents
          .filter((c) => !judgedByRewst(c))
          .flatMap((c) => consentActions(c, "create", WELL_KNOWN_APP_IDS.microsoftGraph)),
      );
      const held = new Set(gdap.roles.map((r) => r.toLowerCase()));
      const denied = firstDenied([...actions], held);
      if (!denied) continue;
      reportViolation(
        `${where}: the partner user holds no role that can ${GDAP_ACTIONS[denied].what}. ` +
          `Expected: ${acceptedRoleNames(denied)} in an active access assignment (${GDAP_ACTIONS[denied].source}). ` +
          `Observed: ${roleNames(gdap.roles)}. Fix: add one of them to the relationship and to your GDAP security group's access assignment.`,
        customer.urn,
      );
    }
  },
};
