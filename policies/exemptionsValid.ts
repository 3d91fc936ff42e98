import type { StackValidationPolicy } from "@pulumi/policy";

import { EXEMPTIONS_POLICY, daysLeft, exemptionStatus } from "../provider/domain/exemptions";
import { exemptionsIn } from "./lib/exemptions";

const ago = (days: number) => (days === 1 ? "yesterday" : `${days} days ago`);

/**
 * `exemptions-valid` (stack, mandatory): every exemption of the mappings file names a policy of
 * this pack and has not expired. An expired one silences nothing any more, so its finding is back
 * beside this one.
 */
export function exemptionsValid(
  policyNames: readonly string[],
  now: () => Date = () => new Date(),
): StackValidationPolicy {
  return {
    name: EXEMPTIONS_POLICY,
    description: "Every exemption in the mappings file names a policy of the pack and has not expired.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
      const today = now();
      for (const exemption of exemptionsIn(args.resources)) {
        const what = `exemptions[${exemption.index}] (${exemption.policy} for ${exemption.customer}, owner ${exemption.owner})`;
        const urn = args.resources.find((r) => exemption.urns.includes(r.urn))?.urn;
        if (!policyNames.includes(exemption.policy)) {
          reportViolation(
            `${what} names a policy the rewst-csp pack does not have. Expected: one of ${policyNames.filter((name) => name !== EXEMPTIONS_POLICY).join(", ")}. ` +
              `Observed: "${exemption.policy}", which exempts nothing. Fix: correct the policy name in the mappings file, or remove the exemption.`,
            urn,
          );
        } else if (exemptionStatus(exemption.expires, today) === "expired") {
          reportViolation(
            `${what} expired on ${exemption.expires} (${ago(-daysLeft(exemption.expires, today))}); it no longer silences ${exemption.policy}. ` +
              `Expected: an exemption with an expiry still ahead. Observed: reason "${exemption.reason}". ` +
              `Fix: resolve the finding and remove the exemption, or, if ${exemption.owner} still accepts it, set a new expires date in the mappings file.`,
            urn,
          );
        }
      }
    },
  };
}
