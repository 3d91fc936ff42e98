/**
 * What a running emulator leaves in its data folder for `rewst-csp init --emulator`: the stack
 * settings that point at it, in the format `pulumi config --json` prints and
 * `pulumi config set-all --json` reads, and the customers and organizations it holds. The emulator
 * writes it; the CLI reads it (the product never imports the emulator).
 */
import * as os from "os";
import * as path from "path";

import { z } from "zod";

/** One stack setting as `pulumi config --json` prints it (with --show-secrets). */
const configValueSchema = z.strictObject({ value: z.string(), secret: z.boolean() });
export const pulumiConfigJsonSchema = z.record(z.string(), configValueSchema);
export type PulumiConfigJson = z.infer<typeof pulumiConfigJsonSchema>;

export const emulatorHandoffSchema = z.strictObject({
  /** The emulator's base URL, for messages. */
  url: z.string(),
  config: pulumiConfigJsonSchema,
  partnerTenantId: z.string(),
  /** Rewst Prod's app id, as the partner tenant holds it. */
  rewstProdAppId: z.string(),
  customers: z.array(
    z.strictObject({
      tenantId: z.string(),
      companyName: z.string(),
      /** The Rewst organization named like the company, when there is one. */
      organizationId: z.string().nullable(),
    }),
  ),
});
export type EmulatorHandoff = z.infer<typeof emulatorHandoffSchema>;

export const EMULATOR_HANDOFF_FILE = "handoff.json";

/**
 * Where the emulator keeps its state, keys and certificate by default: outside any project, so
 * none of it lands in a repository ($XDG_STATE_HOME, or ~/.local/state).
 */
export function defaultEmulatorDir(env: NodeJS.ProcessEnv = process.env): string {
  const stateHome = env.XDG_STATE_HOME || path.join(os.homedir(), ".local", "state");
  return path.join(stateHome, "pulumi-rewst-csp", "emulator");
}
