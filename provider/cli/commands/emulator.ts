import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";

import { ProviderError } from "../../errors";
import type { CliCommand } from "../command";

/**
 * `rewst-csp emulator`: runs the emulator that ships beside the provider (the package's
 * `rewst-csp-emulator` bin) as a process of its own. It is found by path and never imported, so
 * the product does not depend on its stand-in for Microsoft and Rewst. Stops with SIGINT or SIGTERM,
 * which are passed on, and with this process (a SIGKILL included); the exit code is the emulator's.
 */
function runEmulatorProcess(args: readonly string[]): Promise<number> {
  const entry = path.resolve(__dirname, "..", "..", "..", "emulator", "cli.js");
  if (!fs.existsSync(entry))
    throw new ProviderError("PACKAGE_INCOMPLETE", `the emulator is not installed beside the CLI (${entry})`);
  // The IPC channel closes when this process ends however it ends, and the emulator stops with it.
  const child = spawn(process.execPath, [entry, ...args], {
    stdio: ["inherit", "inherit", "inherit", "ipc"],
  });
  const pass = (signal: NodeJS.Signals) => () => child.kill(signal);
  process.on("SIGINT", pass("SIGINT"));
  process.on("SIGTERM", pass("SIGTERM"));
  return new Promise<number>((resolve) => child.on("exit", (code) => resolve(code ?? 1)));
}

export const emulatorCommand: CliCommand = {
  name: "emulator",
  summary:
    "runs the local stand-in for Microsoft's identity platform, Partner Center, Graph and Rewst on loopback (stop it with Ctrl-C)",
  usage: "[--port <n>] [--customers <n>] [--seed <file>] [--data-dir <dir>] [--config-out <file>]",
  options: [
    ["--port <n>", "the port to listen on (loopback only)"],
    ["--customers <n>", "how many CSP customers to seed a new state with"],
    ["--seed <file>", "a seed file instead of generated customers"],
    [
      "--data-dir <dir>",
      "where its state, keys and certificate are kept (default: outside the project, under $XDG_STATE_HOME)",
    ],
    [
      "--config-out <file>",
      "write the stack settings that point a stack at it, for pulumi config set-all --json",
    ],
  ],
  run: runEmulatorProcess,
};
