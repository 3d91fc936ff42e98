import { LocalWorkspace, type Stack } from "@pulumi/pulumi/automation";

import type { ConfigLookup } from "../config/configSource";

/**
 * Opens an existing stack of the project in `workDir` through the Automation API and returns it with
 * its configuration (secrets decrypted in memory only, as the provider receives them).
 */
export async function openStack(
  stackName: string,
  workDir: string,
): Promise<{ stack: Stack; config: ConfigLookup }> {
  const stack = await LocalWorkspace.selectStack({ stackName, workDir });
  const all = await stack.getAllConfig();
  return { stack, config: (key) => all[key]?.value };
}
