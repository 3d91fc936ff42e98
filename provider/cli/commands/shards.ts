import * as path from "path";

import { loadMappings } from "../../mappings/load";
import { UsageError, checkStackName, parseCommand } from "../args";
import type { CliCommand } from "../command";

/** `rewst-csp shards`: the stacks that split a fleet, or the one that holds it, as JSON for a CI matrix. */
export const shardsCommand: CliCommand = {
  name: "shards",
  summary: "prints the stacks a mappings file splits the fleet into, as JSON for a CI matrix",
  usage: "<mappings file> [--default-stack <name>]",
  options: [["--default-stack <name>", "the one stack of a file without a shards list"]],
  run(argv) {
    const args = parseCommand("shards", argv, { "default-stack": { type: "string" } }, true);
    if (args.positionals.length !== 1) throw new UsageError("shards takes one mappings file");
    const defaultStack = args.string("default-stack");
    if (defaultStack !== undefined) checkStackName("default-stack", defaultStack);
    const shards = loadMappings(path.resolve(args.positionals[0])).shards;
    if (!shards && !defaultStack)
      throw new UsageError(`${args.positionals[0]} has no shards list; pass --default-stack <name>`);
    process.stdout.write(`${JSON.stringify(shards ?? [defaultStack])}\n`);
    return Promise.resolve(0);
  },
};
