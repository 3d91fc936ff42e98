import * as path from "path";
import type { ParseArgsConfig } from "util";

import { UsageError, type ParsedCommand, checkStackName, parseCommand } from "./args";
import { selectedStack } from "./stackConfig";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** One `rewst-csp` command: its name, what it does, its usage and options (built into help) and what it runs. */
export interface CliCommand {
  name: string;
  /** One sentence: what the command does. */
  summary: string;
  /** What follows `rewst-csp <name>` in the usage. */
  usage: string;
  /** Each option as the usage writes it, with what it means. */
  options: readonly (readonly [string, string])[];
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

/** The help lines of the options every stack command takes. */
const STACK_HELP = [
  ["--stack <name>", "the stack to read (default: the stack selected in the project folder)"],
  ["--cwd <project>", "the Pulumi project's folder (default: the current folder)"],
] as const;

/**
 * A command that reads a stack's configuration: `--stack` (a valid name; the selected stack when
 * left out) and `--cwd` beside its own flags, parsed strictly; progress goes to standard error as
 * "<name>: …".
 */
export function stackCommand(
  declaration: { name: string; summary: string; usage: string; options: CliCommand["options"] },
  flags: Options,
  run: (context: StackCommandContext) => Promise<number>,
): CliCommand {
  const { name } = declaration;
  return {
    ...declaration,
    usage: `[--stack <name>] [--cwd <project>] ${declaration.usage}`.trimEnd(),
    options: [...STACK_HELP, ...declaration.options],
    async run(argv) {
      const args = parseCommand(name, argv, { ...STACK_OPTIONS, ...flags });
      const cwd = path.resolve(args.string("cwd") ?? process.cwd());
      const given = args.string("stack");
      if (given === "")
        throw new UsageError("--stack must name a stack (or be left out for the selected one)");
      const stackName = given ?? (await selectedStack(cwd));
      if (!stackName)
        throw new UsageError(
          `--stack is required: no stack is selected in ${cwd} (pulumi stack select <name>)`,
        );
      checkStackName("stack", stackName);
      return run({ args, stackName, cwd, log: (line) => process.stderr.write(`${name}: ${line}\n`) });
    },
  };
}
