import type { EngineEvent } from "@pulumi/pulumi/automation";

import {
  type ExemptionStatus,
  daysLeft,
  exemptionStatus,
  exemptionsOutputsSchema,
} from "../domain/exemptions";
import { EXEMPTIONS_TYPE } from "../typeTokens";

/** An exemption of the mappings file as the report lists it, judged on the day of the report. */
export interface ReportedExemption {
  /** Its position in the file's `exemptions:` list. */
  index: number;
  policy: string;
  customer: string;
  reason: string;
  owner: string;
  expires: string;
  /** `expiring`: active, and its last day at most 30 days away. */
  status: ExemptionStatus;
  daysLeft: number;
}

/**
 * The exemptions the program recorded for this stack, from the exemptions component's outputs
 * (registered in the preview itself, so they are the file's, not the last `up`'s).
 */
export function exemptionsOf(events: readonly EngineEvent[], now: Date): ReportedExemption[] {
  const recorded = events.flatMap((event) => {
    const meta = event.resOutputsEvent?.metadata;
    if (meta?.type !== EXEMPTIONS_TYPE) return [];
    const parsed = exemptionsOutputsSchema.safeParse(meta.new?.outputs);
    return parsed.success ? parsed.data.exemptions : [];
  });
  return recorded
    .map(({ index, policy, customer, reason, owner, expires }) => ({
      index,
      policy,
      customer,
      reason,
      owner,
      expires,
      status: exemptionStatus(expires, now),
      daysLeft: daysLeft(expires, now),
    }))
    .sort((a, b) => a.index - b.index);
}

/** How the report says when an exemption ends. */
export function expiryText(exemption: ReportedExemption): string {
  const { daysLeft: left, expires } = exemption;
  if (left < 0) return `expired on ${expires}`;
  if (left === 0) return `expires today (${expires})`;
  return `until ${expires} (${left} day${left === 1 ? "" : "s"} left)`;
}
