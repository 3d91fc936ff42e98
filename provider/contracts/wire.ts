import type { z } from "zod";

/** Zod issues as `field.path: what was expected`, the field named the way the payload spells it. */
export function describeIssues(error: z.ZodError, limit = 5): string {
  const lines = error.issues.slice(0, limit).map((issue) => {
    const field = issue.path
      .map((p, i) => (typeof p === "number" ? `[${p}]` : `${i === 0 ? "" : "."}${String(p)}`))
      .join("");
    return `${field || "(body)"}: ${issue.message}`;
  });
  const more = error.issues.length > limit ? ` (+${error.issues.length - limit} more)` : "";
  return `${lines.join("; ")}${more}`;
}

/**
 * Parses a response body with a lenient wire schema; a body the code cannot use is reported with
 * the field that is wrong, never with the body itself (it may hold tokens or customer data).
 */
export function parseWire<T extends z.ZodType>(
  schema: T,
  data: unknown,
  what: string,
): { ok: true; value: z.infer<T> } | { ok: false; message: string } {
  const parsed = schema.safeParse(data);
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, message: `${what} does not have the documented shape: ${describeIssues(parsed.error)}` };
}
