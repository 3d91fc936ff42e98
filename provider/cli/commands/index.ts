import type { CliCommand } from "../command";
import { emulatorCommand } from "./emulator";
import { importCommand } from "./import";
import { initCommand } from "./init";
import { migrateToNativeCommand } from "./migrateToNative";
import { policyPackCommand } from "./policyPack";
import { reportCommand } from "./report";
import { rotateTokenCommand } from "./rotateToken";
import { shardsCommand } from "./shards";

/** Every `rewst-csp` command, in the order the usage lists them. */
export const COMMANDS: readonly CliCommand[] = [
  initCommand,
  reportCommand,
  importCommand,
  rotateTokenCommand,
  policyPackCommand,
  shardsCommand,
  migrateToNativeCommand,
  emulatorCommand,
];
