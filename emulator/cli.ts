/**
 * `npm run emulator`: the emulator in the foreground.
 *
 *   npm run emulator -- [--port 4443] [--seed seed.yaml] [--customers 25] [--data-dir .pulumi-state/emulator]
 *
 * Prints the base URL, the CA file clients must trust and the seeded identities.
 */
import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";

import { parse } from "yaml";

import { startEmulator } from "./server";
import { DEFAULT_IDENTITIES, type Seed, generateSeed, seedSchema } from "./state/seed";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: "4443" },
      seed: { type: "string" },
      customers: { type: "string", default: "25" },
      "data-dir": { type: "string", default: path.resolve(__dirname, "../../.pulumi-state/emulator") },
    },
  });
  let seed: Seed;
  if (values.seed) {
    const parsed = seedSchema.safeParse(parse(fs.readFileSync(values.seed, "utf8")));
    if (!parsed.success) throw new Error(`seed ${values.seed} is invalid:\n${parsed.error.message}`);
    seed = parsed.data;
  } else {
    seed = generateSeed({ customerCount: Number(values.customers) });
  }
  const emulator = await startEmulator({ port: Number(values.port), seed, dataDir: values["data-dir"] });
  const out = (line: string) => process.stdout.write(`${line}\n`);
  out(`pulumi-rewst-csp emulator listening on ${emulator.url} (loopback only)`);
  out(`  identity:       ${emulator.url}/{tenant}/oauth2/v2.0/token`);
  out(`  Partner Center: ${emulator.url}/v1`);
  out(`  Graph:          ${emulator.url}/v1.0`);
  out(
    `  Rewst GraphQL:  ${emulator.url}/graphql  (subscriptions: wss://127.0.0.1:${emulator.port}/subscriptions)`,
  );
  out(`  control:        ${emulator.url}/_emulator/{reset,state,faults,drift,requests}`);
  out(`  CA certificate: ${emulator.caPath}  (NODE_EXTRA_CA_CERTS or a client's ca option)`);
  out(`  state:          ${values["data-dir"]}`);
  if (!values.seed) {
    out("seeded identities (emulator-only credentials):");
    for (const [key, value] of Object.entries(DEFAULT_IDENTITIES)) out(`  ${key}: ${value}`);
  }
  const stop = () => void emulator.stop().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`emulator failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
