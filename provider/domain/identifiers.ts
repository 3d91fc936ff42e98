import { z } from "zod";

import { GUID_PATTERN, NIL_GUID, PULUMI_UNKNOWN_GUID } from "../contracts/identifiers";

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
    .refine((id) => id.toLowerCase() !== PULUMI_UNKNOWN_GUID, {
      error: `must not be ${PULUMI_UNKNOWN_GUID}, Pulumi's stand-in for an unknown value (an output used before it is known)`,
    })
    .transform((id) => id.toLowerCase());

export const guidSchema = guid("must be a GUID like 00000000-0000-0000-0000-000000000000");

/** A Rewst organization id (Rewst's ids are UUIDs). */
export const organizationIdSchema = guid(
  "must be a Rewst organization id (a GUID, as in Rewst's organization URLs)",
);

/**
 * A Rewst pack config id (Rewst's ids are UUIDs; the shape is kept lenient, UNCONFIRMED): no blank,
 * no spaces or hidden characters, bounded.
 */
export const packConfigIdSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/, {
  error:
    "must be a Rewst pack config id (letters, digits, '-', '_', '.', ':'; no spaces), as in Rewst's integration URL",
});

/** Whether two ids (GUIDs or Rewst ids) are the same, ignoring case; state written before ids were normalised may hold either case. */
export const sameId = (a: unknown, b: unknown): boolean =>
  typeof a === "string" && typeof b === "string" ? a.toLowerCase() === b.toLowerCase() : a === b;

/** How a consent is granted: partnerCenter (the MSP's own app calls Partner Center) or rewst (Rewst's consent request). */
export const CONSENT_CHANNELS = ["partnerCenter", "rewst"] as const;
export type ConsentChannel = (typeof CONSENT_CHANNELS)[number];
export const viaSchema = z.enum(CONSENT_CHANNELS, { error: 'must be "partnerCenter" or "rewst"' });

/**
 * Characters that hide or reorder text where a reviewer reads names (a pull-request comment, the
 * plan): C0/C1 controls and NUL, line and paragraph separators, and bidirectional overrides.
 */
export const HIDDEN_CHARACTERS =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** Text a person reads (names): visible characters only, and a bounded length. */
export const readableTextSchema = z
  .string()
  .min(1, { error: "must not be empty" })
  .max(256, { error: "must be at most 256 characters" })
  .refine((text) => !HIDDEN_CHARACTERS.test(text), {
    error: "must not contain control characters, NUL, line separators or bidirectional overrides",
  });

/** An app's display name as Entra shows it: no blank name, no stray spaces around it. */
export const displayNameSchema = readableTextSchema.regex(/^\S(.*\S)?$/s, {
  error: "must not be blank or start or end with spaces",
});
