import { LocalWorkspace, type Stack } from "@pulumi/pulumi/automation";

import type { ConfigLookup } from "../config/configSource";
import { ProviderError } from "../errors";

/**
 * What the pulumi CLI said when an Automation API call failed, in one line: its first `error:`
 * line (the CLI's own reason), else the first line of the failure. The whole dump (command line,
 * stdout, stderr, stack) says nothing more a user can act on.
 */
export function automationFailure(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  if (/ENOENT/.test(text) && /pulumi/.test(text))
    return "the pulumi CLI is not on PATH (in this repository, npm run ensure-pulumi prints its folder)";
  const reason = /(?:^|\n)\s*(?:stderr:\s*)?error: ([^\n]+)/.exec(text)?.[1] ?? text.split("\n")[0];
  return reason.trim();
}

/** The stack selected in the project folder (`pulumi stack select`), if any. */
export async function selectedStack(workDir: string): Promise<string | undefined> {
  try {
    return (await (await LocalWorkspace.create({ workDir })).stack())?.name;
  } catch (error) {
    throw new ProviderError(
      "STACK_UNAVAILABLE",
      `cannot read the selected stack in ${workDir}: ${automationFailure(error)}`,
    );
  }
}

/**
 * Opens an existing stack of the project in `workDir` through the Automation API and returns it with
 * its configuration (secrets decrypted in memory only, as the provider receives them).
 */
export async function openStack(
  stackName: string,
  workDir: string,
): Promise<{ stack: Stack; config: ConfigLookup }> {
  try {
    const stack = await LocalWorkspace.selectStack({ stackName, workDir });
    const all = await stack.getAllConfig();
    return { stack, config: (key) => all[key]?.value };
  } catch (error) {
    throw new ProviderError(
      "STACK_UNAVAILABLE",
      `cannot open stack ${stackName} in ${workDir}: ${automationFailure(error)}`,
    );
  }
}
