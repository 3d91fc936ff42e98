/**
 * Policy exemptions kept in the mappings file: a policy silenced for one customer (or all), with a
 * reason, an owner and an expiry. The program records them on a component the pack reads, so an
 * exemption edit plans no change to any tenant; the pack and `rewst-csp report` judge them here.
 */
import { z } from "zod";

import { readableTextSchema } from "./identifiers";

/** The customer value of an exemption that covers every customer of the stack. */
export const EVERY_CUSTOMER = "*";

/** The pack's policy that judges the exemptions themselves (it can never be exempted). */
export const EXEMPTIONS_POLICY = "exemptions-valid";

/** An exemption expiring within this many days is listed as expiring by the report. */
export const EXPIRING_WITHIN_DAYS = 30;

const day = z.iso.date({ error: "must be a date written YYYY-MM-DD, e.g. 2027-01-31" });

/** One entry of `exemptions:` in the mappings file. */
export const exemptionSchema = z.strictObject({
  /** The policy silenced, by its name in the pack (e.g. csp-connector-sp-present). */
  policy: z.string().regex(/^[a-z0-9][a-z0-9-]{0,99}$/, {
    error: "must be a policy name of the rewst-csp pack, e.g. csp-connector-sp-present",
  }),
  /** A customer's or enterprise application's `name` in the file, or "*" for every one. */
  customer: z.string().regex(/^(\*|[a-z0-9][a-z0-9-]{0,62})$/, {
    error: 'must be the name of a customer or enterprise application in this file, or "*" for all',
  }),
  /** Why the finding is accepted: a reviewer reads it in the report and the pull request. */
  reason: readableTextSchema,
  /** The last day (UTC) the exemption holds; from the day after, it is itself a violation. */
  // YAML 1.1 readers turn dates into Date objects: accept them as the day they name.
  expires: z.preprocess(
    (value) => (value instanceof Date && !isNaN(value.getTime()) ? value.toISOString().slice(0, 10) : value),
    day,
  ),
  /** Who renews or removes it (a person or a team). */
  owner: readableTextSchema,
});
export type Exemption = z.infer<typeof exemptionSchema>;

/**
 * An exemption as the program records it for one stack: where it is in the file, and the URNs of
 * the resources it covers (none when it covers every customer).
 */
export const recordedExemptionSchema = exemptionSchema.extend({
  /** Its position in the file's `exemptions:` list (findings about it name `exemptions[index]`). */
  index: z.number().int().nonnegative(),
  urns: z.array(z.string()),
});
export type RecordedExemption = z.infer<typeof recordedExemptionSchema>;

/** The outputs of the exemptions component. */
export const exemptionsOutputsSchema = z.object({ exemptions: z.array(recordedExemptionSchema) });

export type ExemptionStatus = "active" | "expiring" | "expired";

/** Today as the exemptions count days: the UTC date. */
export const utcDay = (now: Date): string => now.toISOString().slice(0, 10);

/** Whole days from `now`'s UTC date to `expires` (0 on the last day, negative once expired). */
export function daysLeft(expires: string, now: Date): number {
  return Math.round(
    (Date.parse(`${expires}T00:00:00Z`) - Date.parse(`${utcDay(now)}T00:00:00Z`)) / 86_400_000,
  );
}

/** Active through its expiry day; expiring when that day is at most {@link EXPIRING_WITHIN_DAYS} away. */
export function exemptionStatus(expires: string, now: Date): ExemptionStatus {
  const left = daysLeft(expires, now);
  return left < 0 ? "expired" : left <= EXPIRING_WITHIN_DAYS ? "expiring" : "active";
}

/** Whether an exemption silences `policy`'s finding on `urn` today. */
export function silences(
  exemption: RecordedExemption,
  policy: string,
  urn: string | undefined,
  now: Date,
): boolean {
  if (exemption.policy !== policy || policy === EXEMPTIONS_POLICY) return false;
  if (exemptionStatus(exemption.expires, now) === "expired") return false;
  return exemption.customer === EVERY_CUSTOMER || (urn !== undefined && exemption.urns.includes(urn));
}
