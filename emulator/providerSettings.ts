import type { ConfigLookup } from "../provider/config/configSource";
import type { RunningEmulator } from "./server";
import { DEFAULT_IDENTITIES as ids } from "./state/seed";

/**
 * Provider settings pointing at a running emulator with its seeded identities, as stack config
 * would deliver them (for tests, benchmarks and tools that run the clients without the engine).
 */
export function emulatorSettings(
  emulator: RunningEmulator,
  overrides: Record<string, string | undefined> = {},
): ConfigLookup {
  const values: Record<string, string | undefined> = {
    "rewst-csp:partnerTenantId": ids.partnerTenantId,
    "rewst-csp:partnerAppId": ids.mspAppId,
    "rewst-csp:partnerAppSecret": ids.mspAppSecret,
    "rewst-csp:partnerRefreshToken": ids.partnerRefreshToken,
    "rewst-csp:authorityHost": emulator.url,
    "rewst-csp:partnerCenterUrl": emulator.url,
    "rewst-csp:graphUrl": emulator.url,
    "rewst-csp:rewstGraphqlUrl": `${emulator.url}/graphql`,
    "rewst-csp:rewstApiToken": ids.rewstApiToken,
    "rewst-csp:cspPackConfigId": ids.rewstCspPackConfigId,
    "rewst-csp:caCertificatePath": emulator.caPath,
    "rewst-csp:consentPropagationTimeoutSeconds": "3",
    "rewst-csp:maxRetries": "3",
    ...overrides,
  };
  return (key) => values[key];
}
