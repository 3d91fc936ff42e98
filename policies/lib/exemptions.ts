import type { PolicyResource, ReportViolation, StackValidationPolicy } from "@pulumi/policy";

import { type RecordedExemption, exemptionsOutputsSchema, silences } from "../../provider/domain/exemptions";
import { EXEMPTIONS_TYPE } from "../../provider/typeTokens";

/**
 * The exemptions the program recorded for this stack (the mappings file's `exemptions:`). Outputs
 * that do not read (a future release's shape) exempt nothing: a finding is never silenced by guess.
 */
export function exemptionsIn(resources: readonly PolicyResource[]): RecordedExemption[] {
  return resources
    .filter((resource) => resource.type === EXEMPTIONS_TYPE)
    .flatMap((resource) => {
      const parsed = exemptionsOutputsSchema.safeParse(resource.props);
      return parsed.success ? parsed.data.exemptions : [];
    });
}

/**
 * The policy with the exemptions of the mappings file honoured: a finding on a resource of the
 * customer an active exemption names for this policy (or any, for "*") is not reported.
 */
export function honouringExemptions(policy: StackValidationPolicy, now: () => Date = () => new Date()) {
  return {
    ...policy,
    validateStack: (args, reportViolation) => {
      const exemptions = exemptionsIn(args.resources);
      if (exemptions.length === 0) return policy.validateStack(args, reportViolation);
      const today = now();
      const report: ReportViolation = (message, urn) => {
        if (!exemptions.some((exemption) => silences(exemption, policy.name, urn, today)))
          reportViolation(message, urn);
      };
      return policy.validateStack(args, report);
    },
  } satisfies StackValidationPolicy;
}
