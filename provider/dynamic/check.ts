import type * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";

import type { PropertyBag } from "./contract";
import { isUnknown } from "./unknowns";

/**
 * Validates resource inputs against their zod schema and reports every problem as a check failure
 * naming the property, so `pulumi preview` rejects bad input before anything is written.
 * Properties that are still unknown (preview) are not judged.
 */
export function checkInputs<S extends z.ZodType<PropertyBag>>(
  schema: S,
  news: PropertyBag,
): pulumi.dynamic.CheckResult {
  return parseChecked(schema, news).checked;
}

/**
 * {@link checkInputs} with the typed inputs when they pass (parsed once): undefined while any
 * problem or unknown value remains, so further judgements run only on known, valid inputs.
 */
export function parseChecked<S extends z.ZodType<PropertyBag>>(
  schema: S,
  news: PropertyBag,
): { checked: pulumi.dynamic.CheckResult; inputs?: z.output<S> } {
  const result = schema.safeParse(news);
  if (result.success) return { checked: { inputs: result.data }, inputs: result.data };
  const failures = result.error.issues.flatMap((issue): pulumi.dynamic.CheckFailure[] => {
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({ property: key, reason: "is not an input of this resource" }));
    }
    if (touchesUnknown(news, issue.path)) return [];
    const field = String(issue.path[0] ?? "");
    const missing = issue.code === "invalid_type" && news[field] === undefined;
    return [
      {
        property: propertyPath(issue.path) || "(inputs)",
        reason: missing ? "is required" : issue.message,
      },
    ];
  });
  return { checked: failures.length > 0 ? { inputs: news, failures } : { inputs: news } };
}

/** Whether any value on the path to an issue (or inside it) is still unknown. */
function touchesUnknown(root: unknown, path: readonly PropertyKey[]): boolean {
  let value: unknown = root;
  for (const key of path) {
    if (isUnknown(value)) return true;
    value =
      value !== null && typeof value === "object" ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  }
  return containsUnknown(value);
}

function containsUnknown(value: unknown): boolean {
  if (isUnknown(value)) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value !== null && typeof value === "object") return Object.values(value).some(containsUnknown);
  return false;
}

/** `grants[0].scopes[1]`: how a reader writes the path of a nested input. */
function propertyPath(path: readonly PropertyKey[]): string {
  return path
    .map((key, i) => (typeof key === "number" ? `[${key}]` : `${i === 0 ? "" : "."}${String(key)}`))
    .join("");
}
