import * as path from "path";

import { UsageError } from "../args";
import type { CliCommand } from "../command";

/** The folder of the compiled policy pack shipped beside the provider. */
export const installedPolicyPack = (): string => path.resolve(__dirname, "../../../policies");

/** `rewst-csp policy-pack`: prints {@link installedPolicyPack}, for `pulumi preview --policy-pack`. */
export const policyPackCommand: CliCommand = {
  name: "policy-pack",
  summary:
    "prints the folder of the policy pack installed with this package (for pulumi preview --policy-pack)",
  usage: "",
  options: [],
  run(argv) {
    if (argv.length > 0) throw new UsageError("policy-pack takes no options");
    process.stdout.write(`${installedPolicyPack()}\n`);
    return Promise.resolve(0);
  },
};
