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
  const result = schema.safeParse(news);
  if (result.success) return { inputs: result.data };
  const failures = result.error.issues.flatMap((issue): pulumi.dynamic.CheckFailure[] => {
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({ property: key, reason: "is not an input of this resource" }));
    }
    const field = String(issue.path[0] ?? "");
    if (isUnknown(news[field])) return [];
    const missing = issue.code === "invalid_type" && news[field] === undefined;
    return [
      {
        property: issue.path.map(String).join(".") || "(inputs)",
        reason: missing ? "is required" : issue.message,
      },
    ];
  });
  return failures.length > 0 ? { inputs: news, failures } : { inputs: news };
}
