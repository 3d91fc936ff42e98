import type { StackValidationPolicy } from "@pulumi/policy";

import { REMOTE_RECORD_TYPE } from "../provider/typeTokens";

/**
 * `remote-record-keys-unique` (mandatory): no two RemoteRecords in a stack claim the same key.
 * The API would reject the second one mid-update; the policy stops it at preview.
 */
export const remoteRecordKeysUnique: StackValidationPolicy = {
  name: "remote-record-keys-unique",
  description: "No two RemoteRecords in a stack share a key.",
  enforcementLevel: "mandatory",
  validateStack: (args, reportViolation) => {
    const byKey = new Map<string, string[]>();
    for (const resource of args.resources) {
      if (resource.type !== REMOTE_RECORD_TYPE) continue;
      const key: unknown = resource.props.key;
      if (typeof key !== "string") continue;
      byKey.set(key, [...(byKey.get(key) ?? []), resource.name]);
    }
    for (const [key, names] of byKey) {
      if (names.length > 1) {
        reportViolation(
          `RemoteRecord key '${key}' is declared by ${names.length} resources (${names.sort().join(", ")}). ` +
            `Expected: one resource per key. Fix: remove the duplicates or give each record its own key.`,
        );
      }
    }
  },
};
