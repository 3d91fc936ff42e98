import * as fs from "fs";
import * as path from "path";

import { UsageError } from "./args";

/** Written beside the compiled pack at build time: each policy's name and its config keys. */
export const PACK_CONFIG_KEYS_FILE = "config-keys.json";
/** Beside the compiled pack: the apply workflow's config, per-customer policies advisory. */
export const APPLY_CONFIG_FILE = "apply-config.json";

const LEVELS = ["advisory", "mandatory", "remediate", "disabled"];

/**
 * Refuses a policy pack config that names a policy or a key the pack does not have, or a level
 * Pulumi does not know, before the preview: Pulumi ignores keys a policy's schema does not list,
 * so a typo would silently leave a policy at its default. A pack without the keys file (your own)
 * is not judged.
 */
export function checkPackConfig(packDir: string, configFile: string | undefined): void {
  if (configFile === undefined) return;
  const keysFile = path.join(packDir, PACK_CONFIG_KEYS_FILE);
  if (!fs.existsSync(keysFile)) return;
  const known = JSON.parse(fs.readFileSync(keysFile, "utf8")) as Record<string, string[]>;
  let config: unknown;
  try {
    config = JSON.parse(fs.readFileSync(configFile, "utf8"));
  } catch (error) {
    throw new UsageError(
      `--policy-pack-config ${configFile} is not a JSON file: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (config === null || typeof config !== "object" || Array.isArray(config))
    throw new UsageError(`--policy-pack-config ${configFile} must hold a JSON object of policy names`);
  const problems = Object.entries(config).flatMap(([policy, value]) => {
    const keys = policy === "all" ? [] : known[policy];
    if (!keys) return [`"${policy}" is not a policy of the pack (it has ${Object.keys(known).join(", ")})`];
    if (typeof value === "string")
      return LEVELS.includes(value) ? [] : [`"${policy}": "${value}" is not a level (${LEVELS.join(", ")})`];
    if (value === null || typeof value !== "object" || Array.isArray(value))
      return [`"${policy}" must be a level or an object of settings`];
    return Object.entries(value as Record<string, unknown>).flatMap(([key, setting]) => {
      if (key === "enforcementLevel")
        return typeof setting === "string" && LEVELS.includes(setting)
          ? []
          : [`"${policy}".enforcementLevel must be one of ${LEVELS.join(", ")}`];
      return keys.includes(key)
        ? []
        : [
            `"${policy}" has no setting "${key}" (${keys.length ? `it has enforcementLevel, ${keys.join(", ")}` : "only enforcementLevel"})`,
          ];
    });
  });
  if (problems.length > 0) throw new UsageError(`--policy-pack-config ${configFile}: ${problems.join("; ")}`);
}
