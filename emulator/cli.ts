#!/usr/bin/env node
/**
 * The emulator in the foreground: `rewst-csp-emulator` (or `rewst-csp emulator`, which runs this
 * file as its own process) from an installed package, for dry runs, or `npm run emulator` here.
 *
 *   rewst-csp emulator [--port 4443] [--seed seed.yaml] [--customers 25] [--data-dir <dir>]
 *                      [--config-out emulator-config.json]
 *
 * Prints the base URL, the CA file clients must trust, the seeded identities and the customers.
 * State, keys and certificate live in --data-dir (default: outside any project, under
 * $XDG_STATE_HOME), with `handoff.json` for `rewst-csp init --emulator`. `--config-out` writes
 * the stack settings that point a stack at it (emulator-only credentials) in Pulumi's own format:
 * `pulumi config set-all --json "$(cat emulator-config.json)"`. Started by `rewst-csp emulator`, it
 * stops when that command ends, however it ends.
 */
import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";

import { parse } from "yaml";

import { EMULATOR_HANDOFF_FILE, defaultEmulatorDir } from "../provider/contracts/emulatorHandoff";
import { emulatorHandoff } from "./providerSettings";
import { startEmulator } from "./server";
import type { EmulatorState } from "./state/model";
import { DEFAULT_IDENTITIES, type Seed, generateSeed, seedSchema } from "./state/seed";

const DEFAULT_CUSTOMERS = 25;
/** How many customers and organizations are listed at start (the rest: GET /_emulator/state). */
const LISTED = 20;

/** The CSP customers and Rewst organizations a mappings file can name, as the emulator holds them. */
function printCustomers(state: EmulatorState, out: (line: string) => void): void {
  const { cspCustomers, organizations } = state.rewst;
  const more = (total: number) =>
    total > LISTED ? [`  … and ${total - LISTED} more (GET /_emulator/state)`] : [];
  out(`CSP customers (${cspCustomers.length}; tenantId, company, linked organizations):`);
  for (const c of cspCustomers.slice(0, LISTED))
    out(`  ${c.tenantId}  ${c.companyName}  [${c.linkedOrganizationIds.join(", ")}]`);
  more(cspCustomers.length).forEach(out);
  const customerOrgs = organizations.filter((o) => !o.isMsp);
  out(`Rewst organizations (${customerOrgs.length}; id, name), to map in the mappings file:`);
  for (const o of customerOrgs.slice(0, LISTED)) out(`  ${o.id}  ${o.name}`);
  more(customerOrgs.length).forEach(out);
}

/** Written whole under another name first, so a reader polling for the file never sees half of it. */
function writeWhole(target: string, value: unknown): void {
  fs.writeFileSync(`${target}.partial`, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
  fs.renameSync(`${target}.partial`, target);
}

/** Starts the emulator and keeps it running until SIGINT or SIGTERM. */
export async function runEmulatorCommand(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: "string", default: "4443" },
      seed: { type: "string" },
      customers: { type: "string" },
      "data-dir": { type: "string", default: defaultEmulatorDir() },
      "config-out": { type: "string" },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be a port number 0-65535 (0 = any free port), got "${values.port}"`);
  const customers = Number(values.customers ?? DEFAULT_CUSTOMERS);
  if (!Number.isInteger(customers) || customers < 0 || customers > 10000)
    throw new Error(`--customers must be a whole number 0-10000, got "${values.customers}"`);
  const dataDir = path.resolve(values["data-dir"]);
  // A state kept from an earlier run wins over any seed: say so instead of ignoring the option.
  const kept = path.join(dataDir, "state.json");
  if ((values.customers !== undefined || values.seed !== undefined) && fs.existsSync(kept))
    throw new Error(
      `${kept} holds the state of an earlier run, which the emulator keeps; --${values.seed ? "seed" : "customers"} would be ignored. ` +
        "Leave the option out to continue with that state, or start afresh with another --data-dir (or after removing that folder)",
    );
  let seed: Seed;
  if (values.seed) {
    const parsed = seedSchema.safeParse(parse(fs.readFileSync(values.seed, "utf8")));
    if (!parsed.success) throw new Error(`seed ${values.seed} is invalid:\n${parsed.error.message}`);
    seed = parsed.data;
  } else {
    seed = generateSeed({ customerCount: customers });
  }
  const emulator = await startEmulator({ port, seed, dataDir });
  const out = (line: string) => process.stdout.write(`${line}\n`);
  out(`pulumi-rewst-csp emulator listening on ${emulator.url} (loopback only)`);
  out(`  identity:       ${emulator.url}/{tenant}/oauth2/v2.0/token`);
  out(`  Partner Center: ${emulator.url}/v1`);
  out(`  Graph:          ${emulator.url}/v1.0`);
  out(
    `  Rewst GraphQL:  ${emulator.url}/graphql  (subscriptions: wss://127.0.0.1:${emulator.port}/subscriptions)`,
  );
  out(`  control:        ${emulator.url}/_emulator/{reset,state,faults,drift,requests,customers}`);
  out(`                  (POST /_emulator/customers {"count": 2} adds customers; init --emulator sees them)`);
  out(`  CA certificate: ${emulator.caPath}  (NODE_EXTRA_CA_CERTS or a client's ca option)`);
  out(`  state:          ${dataDir}`);
  if (!values.seed) {
    out("seeded identities (emulator-only credentials):");
    for (const [key, value] of Object.entries(DEFAULT_IDENTITIES)) out(`  ${key}: ${value}`);
  }
  printCustomers(emulator.control.exportState(), out);
  const handoff = emulatorHandoff(emulator);
  writeWhole(path.join(dataDir, EMULATOR_HANDOFF_FILE), handoff);
  emulator.control.onCustomersAdded = () =>
    writeWhole(path.join(dataDir, EMULATOR_HANDOFF_FILE), emulatorHandoff(emulator));
  out(`for a new project: npx rewst-csp init --emulator --emulator-dir ${dataDir}`);
  if (values["config-out"]) {
    const target = path.resolve(values["config-out"]);
    writeWhole(target, handoff.config);
    out(`stack settings for this emulator: pulumi config set-all --json "$(cat ${target})"`);
  }
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    fs.rmSync(path.join(dataDir, EMULATOR_HANDOFF_FILE), { force: true });
    void emulator.stop().then(() => process.exit(0));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  // Run by `rewst-csp emulator` over an IPC channel: when that process ends (even killed), so do we.
  if (process.send) process.on("disconnect", stop);
}

if (require.main === module) {
  runEmulatorCommand(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`emulator failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
