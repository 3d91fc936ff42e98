import { z } from "zod";

/** A GUID (tenant, application or object id). */
export const guidSchema = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, {
    error: "must be a GUID like 00000000-0000-0000-0000-000000000000",
  });

/** Compares two lists as sets. */
export const sameSet = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((x) => b.includes(x));
