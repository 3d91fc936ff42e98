import type { StackValidationPolicy } from "@pulumi/policy";

import { autoExtendOff, customersWithGdap, relationshipLabel } from "./lib/gdap";

export interface GdapExpiringConfig {
  /** How many days before its end a relationship that will not extend itself is reported. */
  warnDays: number;
}

const DAY_MS = 86_400_000;

/**
 * `gdap-expiring` (stack, advisory): a customer's active GDAP relationship ends within `warnDays`
 * and will not extend itself (auto-extend off, or Global Administrator in it), so access and every
 * consent repair stop on that day.
 */
export const gdapExpiring: StackValidationPolicy = {
  name: "gdap-expiring",
  description: "No customer's GDAP relationship ends soon without extending itself.",
  enforcementLevel: "advisory",
  configSchema: { properties: { warnDays: { type: "number", minimum: 0, default: 30 } } },
  validateStack: (args, reportViolation) => {
    const { warnDays } = args.getConfig<GdapExpiringConfig>();
    const now = Date.now();
    for (const { gdap, label, urn } of customersWithGdap(args.resources)) {
      if (gdap.status !== "active" || !gdap.endDateTime || !autoExtendOff(gdap)) continue;
      const left = Math.floor((new Date(gdap.endDateTime).getTime() - now) / DAY_MS);
      if (Number.isNaN(left) || left > warnDays) continue;
      reportViolation(
        `${label}, ${relationshipLabel(gdap)} ends on ${gdap.endDateTime.slice(0, 10)} (in ${Math.max(left, 0)} days) and will not extend itself. ` +
          `Expected: more than ${warnDays} days left, or auto-extend on. Observed: auto-extend ${gdap.autoExtendDuration ?? "unset"}. ` +
          "Fix: send the customer a new relationship request (or turn on auto-extend where no Global Administrator is in it) before that day.",
        urn,
      );
    }
  },
};
