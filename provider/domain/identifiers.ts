import { z } from "zod";

import { GUID_PATTERN, NIL_GUID } from "../contracts/identifiers";

/**
 * A GUID (tenant, application or object id), normalised to lower case: Entra and Partner Center
 * treat GUIDs case-insensitively, so `6F9C…` and `6f9c…` name one tenant and must plan no change.
 */
const guid = (shape: string) =>
  z
    .string()
    .regex(GUID_PATTERN, { error: shape })
    .refine((id) => id !== NIL_GUID, {
      error: `must not be the nil GUID ${NIL_GUID} (a placeholder, not an id)`,
    })
    .transform((id) => id.toLowerCase());

export const guidSchema = guid("must be a GUID like 00000000-0000-0000-0000-000000000000");

/** A Rewst organization id (Rewst's ids are UUIDs). */
export const organizationIdSchema = guid(
  "must be a Rewst organization id (a GUID, as in Rewst's organization URLs)",
);

/** Whether two ids (GUIDs or Rewst ids) are the same, ignoring case; state written before ids were normalised may hold either case. */
export const sameId = (a: unknown, b: unknown): boolean =>
  typeof a === "string" && typeof b === "string" ? a.toLowerCase() === b.toLowerCase() : a === b;

/** How a consent is granted: partnerCenter (the MSP's own app calls Partner Center) or rewst (Rewst's consent request). */
export const CONSENT_CHANNELS = ["partnerCenter", "rewst"] as const;
export type ConsentChannel = (typeof CONSENT_CHANNELS)[number];
export const viaSchema = z.enum(CONSENT_CHANNELS, { error: 'must be "partnerCenter" or "rewst"' });

/** An app's display name as Entra shows it: no blank name, no stray spaces around it. */
export const displayNameSchema = z
  .string()
  .min(1, { error: "must not be empty" })
  .max(256, { error: "must be at most 256 characters" })
  .regex(/^\S(.*\S)?$/s, { error: "must not be blank or start or end with spaces" });
