import * as path from "path";
import { type ParseArgsConfig, parseArgs } from "util";

import { ProviderError } from "../errors";

/** A mistake on the command line: printed with the usage, without a code. */
export class UsageError extends ProviderError {
  constructor(detail: string) {
    super("USAGE", detail);
  }
}

type Options = NonNullable<ParseArgsConfig["options"]>;

/**
 * One command's flags, parsed strictly: unknown flags are refused (parseArgs' strict mode), and so
 * is a flag given twice (parseArgs would silently keep the last).
 */
export function parseCommand(
  command: string,
  args: string[],
  options: Options,
  allowPositionals = false,
): ParsedCommand {
  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals, strict: true, tokens: true });
  } catch (error) {
    throw new UsageError(`${command}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const seen = new Set<string>();
  for (const token of parsed.tokens ?? []) {
    if (token.kind !== "option") continue;
    if (seen.has(token.name))
      throw new UsageError(`${command}: --${token.name} is given twice; give it once`);
    seen.add(token.name);
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  return {
    positionals: parsed.positionals,
    string: (name) => {
      const value = values[name];
      return typeof value === "string" ? value : undefined;
    },
    flag: (name) => values[name] === true,
  };
}

/** What {@link parseCommand} found: positionals, and each option as a string or a boolean flag. */
export interface ParsedCommand {
  positionals: string[];
  string(name: string): string | undefined;
  flag(name: string): boolean;
}

/** A Pulumi stack name as the CLI accepts it (optionally org/project/stack). */
const STACK_NAME = /^([A-Za-z0-9][A-Za-z0-9_.-]{0,99}\/){0,2}[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;

export function checkStackName(flag: string, value: string): string {
  if (!STACK_NAME.test(value))
    throw new UsageError(
      `--${flag} must be a stack name (letters, digits, '-', '_', '.', starting with a letter or digit)`,
    );
  return value;
}

/**
 * Output files of one command: none may be a Pulumi project or stack file (Pulumi.yaml,
 * Pulumi.<stack>.yaml), and no two may be the same file.
 */
export function checkOutputs(cwd: string, outputs: Record<string, string | undefined>): void {
  const seen = new Map<string, string>();
  for (const [flag, value] of Object.entries(outputs)) {
    if (value === undefined) continue;
    if (/^Pulumi(\..*)?\.ya?ml$/i.test(path.basename(value)))
      throw new UsageError(
        `--${flag} must not name a Pulumi project or stack file (${path.basename(value)})`,
      );
    const resolved = path.resolve(cwd, value);
    const other = seen.get(resolved);
    if (other)
      throw new UsageError(`--${flag} and --${other} name the same file ${value}; give each its own`);
    seen.set(resolved, flag);
  }
}
