import type { ResourceValidationPolicy } from "@pulumi/policy";

import { REMOTE_RECORD_TYPE } from "../provider/typeTokens";

/**
 * `remote-record-owner-required` (advisory): every RemoteRecord names the team that owns it, so a
 * drifted or unexpected record can be traced to someone.
 */
export const remoteRecordOwnerRequired: ResourceValidationPolicy = {
  name: "remote-record-owner-required",
  description: "Every RemoteRecord names an owner.",
  enforcementLevel: "advisory",
  validateResource: (args, reportViolation) => {
    if (args.type !== REMOTE_RECORD_TYPE) return;
    const owner: unknown = args.props.owner;
    if (typeof owner !== "string" || owner.trim() === "") {
      reportViolation(
        `RemoteRecord '${args.name}' (key '${String(args.props.key)}') has no owner. ` +
          `Expected: a non-empty owner. Fix: set \`owner\` to the team responsible for it.`,
      );
    }
  },
};
