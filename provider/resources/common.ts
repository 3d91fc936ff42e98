import { z } from "zod";

/**
 * A GUID (tenant, application or object id), normalised to lower case: Entra and Partner Center
 * treat GUIDs case-insensitively, so `6F9C…` and `6f9c…` name one tenant and must plan no change.
 */
export const guidSchema = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, {
    error: "must be a GUID like 00000000-0000-0000-0000-000000000000",
  })
  .transform((id) => id.toLowerCase());

/** Whether two ids (GUIDs or Rewst ids) are the same, ignoring case; state written before ids were normalised may hold either case. */
export const sameId = (a: unknown, b: unknown): boolean =>
  typeof a === "string" && typeof b === "string" ? a.toLowerCase() === b.toLowerCase() : a === b;
