#!/usr/bin/env node
/**
 * `rewst-csp`: the commands platform teams run next to their stack, one module each in
 * `commands/` (name, usage, flags, run); `rewst-csp --help` prints the usage built from them.
 *
 * report, import and rotate-token read the stack's configuration (secrets decrypted in memory)
 * through the Automation API, so the pulumi CLI must be on PATH and the stack's passphrase or
 * secrets provider available.
 */
import { ProviderError } from "../errors";
import { UsageError } from "./args";
import { COMMANDS } from "./commands";
import { REPORT_EXIT } from "./report";

/** The usage, built from the commands' own declarations. */
const USAGE = [
  "usage:",
  ...COMMANDS.map((c) => `  rewst-csp ${c.name}${c.usage ? ` ${c.usage}` : ""}`),
  "exit codes: report 0 clean, 2 drift, 3 mandatory policy violation; import 4 partial (nothing written); 1 error",
].join("\n");

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === "--help" || name === "-h" || name === "help" || rest.includes("--help")) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) throw new UsageError(`unknown command ${name ?? "(none)"}`);
  return command.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // A usage mistake reads as before, without a code; every other error keeps its code.
    const message =
      error instanceof UsageError ? error.detail : error instanceof Error ? error.message : String(error);
    process.stderr.write(
      /ENOENT: pulumi/.test(message)
        ? "rewst-csp: the pulumi CLI is not on PATH (in this repository, npm run ensure-pulumi prints its folder)\n"
        : `rewst-csp: ${message}\n`,
    );
    if (error instanceof UsageError) process.stderr.write(`${USAGE}\n`);
    else if (error instanceof ProviderError) process.stderr.write(`rewst-csp: what to do: ${error.hint}\n`);
    process.exitCode = REPORT_EXIT.error;
  },
);
