/**
 * `npm run bench:import`: `rewst-csp import`'s reads over many tenants (default 300, half of them
 * consented), through the real clients against the emulator. Reports tenants per second.
 */
import { randomUUID } from "crypto";

import { emulatorSettings } from "../emulator/providerSettings";
import { startEmulator } from "../emulator/server";
import { DEFAULT_IDENTITIES as ids, IMMEDIATE_CONSISTENCY, generateSeed } from "../emulator/state/seed";
import { importMappings } from "../provider/cli/importMappings";
import { WELL_KNOWN_APP_IDS } from "../provider/contracts/identity";
import { providerSession } from "../provider/session/session";

const TENANTS = Number(process.env.BENCH_TENANTS ?? 300);

async function main(): Promise<void> {
  // The consents are made just before the import: without replication delays, so every one of them
  // is there to read (the bench measures reads, not waiting).
  const seed = generateSeed({ customerCount: TENANTS, options: IMMEDIATE_CONSISTENCY });
  const emulator = await startEmulator({ seed });
  try {
    const lookup = emulatorSettings(emulator);
    const microsoft = providerSession(lookup).microsoft;
    const tenants = seed.customers.map((c) => c.tenantId);
    for (const tenant of tenants.filter((_, i) => i % 2 === 0)) {
      await microsoft.partnerCenter.createConsent(
        tenant,
        {
          applicationId: ids.rewstCspConnectorAppId,
          displayName: "Rewst CSP Connector",
          applicationGrants: [
            { enterpriseApplicationId: WELL_KNOWN_APP_IDS.microsoftGraph, scope: "Directory.Read.All" },
          ],
        },
        randomUUID(),
      );
    }
    let lines = 0;
    const started = performance.now();
    const result = await importMappings(microsoft, providerSession(lookup).rewst.client, {
      connectorAppId: ids.rewstCspConnectorAppId,
      connectorDisplayName: "Rewst CSP Connector",
      via: "partnerCenter",
      cspPackConfigId: ids.rewstCspPackConfigId,
      rewstProdAppId: ids.rewstProdAppId,
      progress: () => lines++,
    });
    const seconds = (performance.now() - started) / 1000;
    const consents = result.file.customers.filter((c) => c.consent).length;
    process.stdout.write(
      `import: ${result.file.customers.length} tenants (${consents} consents observed, ${result.warnings.length} warnings, ${lines} progress lines) in ${seconds.toFixed(1)} s = ${(result.file.customers.length / seconds).toFixed(0)} tenants/s\n`,
    );
    if (result.file.customers.length !== TENANTS || consents !== Math.ceil(TENANTS / 2)) process.exitCode = 1;
  } finally {
    await emulator.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
