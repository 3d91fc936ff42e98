import type * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";

import type { PropertyBag } from "./contract";
import { isUnknown } from "./unknowns";

/**
 * Validates resource inputs against their zod schema and reports every problem as a check failure
 * naming the property, so `pulumi preview` rejects bad input before anything is written.
 * Properties that are still unknown (preview) are not judged.
 */
export function checkInputs<S extends z.ZodType<PropertyBag>>(schema: S, news: PropertyBag): pulumi.dynamic.CheckResult {
  const result = schema.safeParse(news);
  if (result.success) return { inputs: result.data };
  const failures = result.error.issues
    .filter((issue) => !isUnknown(news[String(issue.path[0])]))
    .map((issue) => ({
      property: issue.path.map(String).join(".") || "(inputs)",
      reason: news[String(issue.path[0])] === undefined ? "is required" : issue.message,
    }));
  return failures.length > 0 ? { inputs: news, failures } : { inputs: news };
}
