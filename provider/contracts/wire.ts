import type { z } from "zod";

import { ProviderError } from "../errors";

/** A wire field that may be null or absent, read as null. */
export const orNull = <T extends z.ZodType>(schema: T) => schema.nullish().transform((v) => v ?? null);

/** A wire field that may be null or absent, read as a fallback (e.g. "" or an empty list). */
export const orElse = <T extends z.ZodType>(schema: T, fallback: NonNullable<z.output<T>>) =>
  schema.nullish().transform((v): NonNullable<z.output<T>> => v ?? fallback);

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
 * A paging link to follow with our credentials: a path, or an absolute URL on the API's own origin.
 * Anything else would send the bearer token to a host the link names, so it is refused.
 */
export function sameOriginLink(link: string, baseUrl: string): string {
  const base = new URL(baseUrl);
  const target = new URL(link, base);
  if (target.origin !== base.origin)
    throw new ProviderError(
      "PAGING_LINK_REFUSED",
      `refusing to follow a paging link to ${target.origin}, outside ${base.origin}`,
    );
  return link;
}

/** Partner Center paging headers: only its continuation token is taken from a response. */
export function pagingHeaders(headers: readonly { key: string; value: string }[]): Record<string, string> {
  return Object.fromEntries(
    headers.filter((h) => h.key.toLowerCase() === "ms-continuationtoken").map((h) => [h.key, h.value]),
  );
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

/** Seconds or HTTP date in Retry-After, as milliseconds. */
export function retryAfterMs(header: unknown): number | undefined {
  if (typeof header !== "string" || header === "") return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
