import { z } from "zod";

import type { ConfigLookup } from "./configSource";
import { CONFIG_NAMESPACE } from "./configSource";
import { ProviderError } from "../errors";

/**
 * Provider settings, validated as one object so a single error can list every problem.
 *
 * Keys are read as `rewst-csp:<key>` from stack config. `recordsApiToken` must be set with
 * `pulumi config set --secret`.
 */
export const providerConfigSchema = z.object({
  recordsApiUrl: z
    .url({ protocol: /^https?$/, error: "must be an http(s) URL, e.g. http://127.0.0.1:4780" })
    .describe("Base URL of the records API the skeleton resource talks to"),
  recordsApiToken: z
    .string({
      error: "is required; set it with `pulumi config set --secret rewst-csp:recordsApiToken <token>`",
    })
    .min(8, { error: "must be at least 8 characters" })
    .describe("Bearer token for the records API (secret)"),
});

export type ProviderConfig = z.infer<typeof providerConfigSchema>;

const keys = Object.keys(providerConfigSchema.shape) as (keyof ProviderConfig)[];

/**
 * Reads and validates provider settings.
 *
 * @throws ProviderError `CONFIG_INVALID` naming each bad key and what it should look like; values are
 *   never echoed, since some are secrets.
 */
export function loadProviderConfig(lookup: ConfigLookup): ProviderConfig {
  const raw = Object.fromEntries(keys.map((key) => [key, lookup(`${CONFIG_NAMESPACE}:${key}`)]));
  const result = providerConfigSchema.safeParse(raw);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const key = String(issue.path[0] ?? "");
    const message = raw[key] === undefined ? "is required" : issue.message;
    return `  - ${CONFIG_NAMESPACE}:${key} ${message}`;
  });
  throw new ProviderError(
    "CONFIG_INVALID",
    `provider configuration is invalid:\n${problems.join("\n")}\nSet the keys with \`pulumi config set\` (secrets with --secret).`,
  );
}
