#!/usr/bin/env node
/**
 * `rewst-csp`: the commands platform teams run next to their stack, one module each in
 * `commands/` (name, summary, usage, options, run); the help texts are built from them.
 *
 * report, import and rotate-token read the stack's configuration (secrets decrypted in memory)
 * through the Automation API, so the pulumi CLI must be on PATH and the stack's passphrase or
 * secrets provider available.
 */
import { ProviderError } from "../errors";
import { packageVersion } from "../packageInfo";
import { UsageError } from "./args";
import { EXIT } from "./exitCodes";
import type { CliCommand } from "./command";
import { COMMANDS } from "./commands";
import { helpOf, usageOf } from "./help";

const HELP_FLAGS = ["--help", "-h"];
const find = (name: string | undefined) => COMMANDS.find((c) => c.name === name);

/** The command a usage mistake concerns, for its own help (the whole usage otherwise). */
let current: CliCommand | undefined;

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === "--version") {
    process.stdout.write(`${packageVersion()}\n`);
    return 0;
  }
  if (name === undefined) throw new UsageError("name a command");
  if (HELP_FLAGS.includes(name) || name === "help") {
    const about = name === "help" ? rest[0] : undefined;
    if (about !== undefined && !find(about)) throw new UsageError(`unknown command ${about}`);
    process.stdout.write(`${about ? helpOf(find(about)!) : usageOf(COMMANDS)}\n`);
    return 0;
  }
  current = find(name);
  if (!current) throw new UsageError(`unknown command ${name}`);
  if (rest.some((arg) => HELP_FLAGS.includes(arg))) {
    process.stdout.write(`${helpOf(current)}\n`);
    return 0;
  }
  return current.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // Printed once: what happened, then what to do (a usage mistake: the usage instead).
    const message =
      error instanceof UsageError ? error.detail : error instanceof Error ? error.message : String(error);
    process.stderr.write(`rewst-csp: ${message}\n`);
    if (error instanceof UsageError)
      process.stderr.write(`${current ? helpOf(current) : usageOf(COMMANDS)}\n`);
    else if (error instanceof ProviderError) process.stderr.write(`rewst-csp: what to do: ${error.hint}\n`);
    process.exitCode = error instanceof UsageError ? EXIT.usage : EXIT.error;
  },
);
