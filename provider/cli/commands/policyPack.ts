import * as path from "path";

import { UsageError } from "../args";
import type { CliCommand } from "../command";

/** `rewst-csp policy-pack`: the folder of the compiled policy pack shipped beside the provider. */
export const policyPackCommand: CliCommand = {
  name: "policy-pack",
  usage: "",
  run(argv) {
    if (argv.length > 0) throw new UsageError("policy-pack takes no options");
    process.stdout.write(`${path.resolve(__dirname, "../../../policies")}\n`);
    return Promise.resolve(0);
  },
};
