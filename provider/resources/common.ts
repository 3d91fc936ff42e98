import { z } from "zod";

/**
 * A GUID (tenant, application or object id), normalised to lower case: Entra and Partner Center
 * treat GUIDs case-insensitively, so `6F9C…` and `6f9c…` name one tenant and must plan no change.
 */
const guid = (shape: string) =>
  z
    .string()
    .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, { error: shape })
    .refine((id) => !/^0{8}-0{4}-0{4}-0{4}-0{12}$/.test(id), {
      error: "must not be the nil GUID 00000000-0000-0000-0000-000000000000 (a placeholder, not an id)",
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

const locks = new Map<string, Promise<unknown>>();

/**
 * Runs `work` once every earlier call with the same key has settled (one provider process runs
 * many creates at once; two of them for one Rewst organization must not interleave).
 */
export function withLock<T>(key: string, work: () => Promise<T>): Promise<T> {
  const previous = locks.get(key) ?? Promise.resolve();
  const run = previous.then(work, work);
  const settled = run.catch(() => undefined);
  locks.set(key, settled);
  void settled.then(() => {
    if (locks.get(key) === settled) locks.delete(key);
  });
  return run;
}
