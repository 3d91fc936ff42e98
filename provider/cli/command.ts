import * as path from "path";
import type { ParseArgsConfig } from "util";

import { UsageError, type ParsedCommand, checkStackName, parseCommand } from "./args";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** One `rewst-csp` command: its name, its usage line (built into `--help`) and what it runs. */
export interface CliCommand {
  name: string;
  /** What follows `rewst-csp <name>` in the usage. */
  usage: string;
  run(argv: string[]): Promise<number>;
}

/** What a command that works on a stack gets: the parsed flags, the stack, its folder, a log. */
export interface StackCommandContext {
  args: ParsedCommand;
  stackName: string;
  cwd: string;
  log: (line: string) => void;
}

/** The flags of every command that works on a stack. */
const STACK_OPTIONS = { stack: { type: "string" }, cwd: { type: "string" } } as const;

/**
 * A command that reads a stack's configuration: `--stack` (required, a valid name) and `--cwd`
 * beside its own flags, parsed strictly; progress goes to standard error as "<name>: …".
 */
export function stackCommand(
  name: string,
  options: Options,
  usage: string,
  run: (context: StackCommandContext) => Promise<number>,
): CliCommand {
  return {
    name,
    usage: `--stack <name> [--cwd <project>] ${usage}`.trimEnd(),
    async run(argv) {
      const args = parseCommand(name, argv, { ...STACK_OPTIONS, ...options });
      const stackName = args.string("stack");
      if (!stackName) throw new UsageError("--stack is required");
      checkStackName("stack", stackName);
      const cwd = path.resolve(args.string("cwd") ?? process.cwd());
      return run({ args, stackName, cwd, log: (line) => process.stderr.write(`${name}: ${line}\n`) });
    },
  };
}
