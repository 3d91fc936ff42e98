import type { StackValidationPolicy } from "@pulumi/policy";

import { CONSENT_CAPABLE_ROLES, DIRECTORY_ROLES } from "../provider/contracts/graph";
import { WELL_KNOWN_APP_IDS } from "../provider/contracts/identity";
import { sameId } from "./lib/resources";
import { customersWithGdap, relationshipLabel, roleNames } from "./lib/gdap";

/** Roles that may grant Microsoft Graph's app roles (Cloud Application Administrator may not). */
const GRAPH_APP_ROLE_GRANTORS = [
  DIRECTORY_ROLES.privilegedRoleAdministrator,
  DIRECTORY_ROLES.globalAdministrator,
];

/**
 * `gdap-role-coverage` (stack, mandatory): every customer with a declared consent has an active GDAP
 * relationship whose active access assignment gives the partner user a consent-capable role, and,
 * where the consent assigns Microsoft Graph app roles, Privileged Role Administrator. Most "not
 * consented" and "403 Forbidden" reports are this gap.
 */
export const gdapRoleCoverage: StackValidationPolicy = {
  name: "gdap-role-coverage",
  description: "Customers with a consent have active GDAP giving the partner user a role that can consent.",
  enforcementLevel: "mandatory",
  validateStack: (args, reportViolation) => {
    for (const customer of customersWithGdap(args.resources)) {
      const { gdap, label } = customer;
      const where = `${label}, ${relationshipLabel(gdap)}`;
      if (gdap.status !== "active") {
        reportViolation(
          `${where}: the consent cannot be granted or repaired. Expected: an active GDAP relationship. ` +
            `Observed: ${gdap.status ?? "none"}. Fix: create or renew the relationship with the customer (Partner Center > Customers > Admin relationships), then assign your GDAP security group a consent-capable role.`,
        );
        continue;
      }
      const held = new Set(gdap.roles.map((r) => r.toLowerCase()));
      if (!CONSENT_CAPABLE_ROLES.some((r) => held.has(r.id))) {
        reportViolation(
          `${where}: the partner user holds no role that can consent to applications. ` +
            `Expected: ${CONSENT_CAPABLE_ROLES[0].name} or ${CONSENT_CAPABLE_ROLES[1].name} in an active access assignment. ` +
            `Observed: ${roleNames(gdap.roles)}. Fix: add one of them to the relationship and to your GDAP security group's access assignment.`,
        );
        continue;
      }
      const graphAppRoles = customer.consents.some((c) =>
        c.grants.some(
          (g) =>
            sameId(g.enterpriseApplicationId, WELL_KNOWN_APP_IDS.microsoftGraph) &&
            (g.appRoles ?? []).length > 0,
        ),
      );
      if (graphAppRoles && !GRAPH_APP_ROLE_GRANTORS.some((r) => held.has(r.id))) {
        reportViolation(
          `${where}: Microsoft Graph app roles are declared, which ${CONSENT_CAPABLE_ROLES[0].name} cannot grant. ` +
            `Expected: ${GRAPH_APP_ROLE_GRANTORS[0].name}. Observed: ${roleNames(gdap.roles)}. ` +
            `Fix: add ${GRAPH_APP_ROLE_GRANTORS[0].name} to the relationship and the access assignment, or drop the Graph app roles.`,
        );
      }
    }
  },
};
