import type { CliCommand } from "./command";
import { EXIT_CODES_TEXT as EXIT_CODES } from "./exitCodes";

/** `rewst-csp --help`: one line per command, built from the commands' own declarations. */
export const usageOf = (commands: readonly CliCommand[]): string =>
  [
    "usage:",
    ...commands.map((c) => `  rewst-csp ${c.name}${c.usage ? ` ${c.usage}` : ""}`),
    "run `rewst-csp help <command>` (or `rewst-csp <command> --help`) for what a command does and each option",
    EXIT_CODES,
  ].join("\n");

/** `rewst-csp help <command>`: what it does, its usage and every option with what it means. */
export function helpOf(command: CliCommand): string {
  const width = Math.max(0, ...command.options.map(([flag]) => flag.length));
  return [
    `rewst-csp ${command.name}: ${command.summary}`,
    "",
    `usage: rewst-csp ${command.name}${command.usage ? ` ${command.usage}` : ""}`,
    ...(command.options.length > 0
      ? ["", "options:", ...command.options.map(([flag, what]) => `  ${flag.padEnd(width)}  ${what}`)]
      : []),
    "",
    EXIT_CODES,
  ].join("\n");
}
