import type { StackValidationPolicy } from "@pulumi/policy";

import { DIRECTORY_ROLES } from "../provider/contracts/graph";
import { customersWithGdap, relationshipLabel } from "./lib/gdap";

/**
 * `gdap-auto-extend` (stack, advisory): a customer's active GDAP relationship does not extend itself
 * (`PT0S`), so it lapses after at most two years; with Global Administrator in it, Microsoft does
 * not allow auto-extend at all.
 */
export const gdapAutoExtend: StackValidationPolicy = {
  name: "gdap-auto-extend",
  description: "Customers' GDAP relationships extend themselves (P180D) rather than lapse.",
  enforcementLevel: "advisory",
  validateStack: (args, reportViolation) => {
    for (const { gdap, label, urn } of customersWithGdap(args.resources)) {
      if (gdap.status !== "active") continue;
      const globalAdmin = gdap.relationshipRoles.includes(DIRECTORY_ROLES.globalAdministrator.id);
      if (globalAdmin) {
        reportViolation(
          `${label}, ${relationshipLabel(gdap)} holds Global Administrator, which blocks auto-extend. ` +
            `Expected: a relationship without Global Administrator, auto-extended. Observed: ${gdap.autoExtendDuration ?? "unset"}. ` +
            "Fix: replace it with a least-privilege relationship (the roles the integration needs) with auto-extend P180D.",
          urn,
        );
      } else if (!gdap.autoExtendDuration || gdap.autoExtendDuration === "PT0S") {
        reportViolation(
          `${label}, ${relationshipLabel(gdap)} does not extend itself. Expected: auto-extend P180D. ` +
            `Observed: ${gdap.autoExtendDuration ?? "unset"}. Fix: turn on auto-extend for the relationship in Partner Center.`,
          urn,
        );
      }
    }
  },
};
