import type { ConfigLookup } from "../provider/config/configSource";
import { CONFIG_NAMESPACE } from "../provider/config/configSource";
import { type ProviderConfig, SECRET_KEYS } from "../provider/config/providerConfig";
import type { RunningEmulator } from "./server";
import { DEFAULT_IDENTITIES as ids } from "./state/seed";

type SettingValues = Partial<Record<keyof ProviderConfig, string>>;

/** The settings that point the provider at a running emulator, with its seeded identities. */
function emulatorSettingValues(emulator: RunningEmulator): SettingValues {
  return {
    partnerTenantId: ids.partnerTenantId,
    partnerAppId: ids.mspAppId,
    partnerAppSecret: ids.mspAppSecret,
    partnerRefreshToken: ids.partnerRefreshToken,
    authorityHost: emulator.url,
    partnerCenterUrl: emulator.url,
    graphUrl: emulator.url,
    rewstGraphqlUrl: `${emulator.url}/graphql`,
    rewstApiToken: ids.rewstApiToken,
    cspPackConfigId: ids.rewstCspPackConfigId,
    caCertificatePath: emulator.caPath,
  };
}

/** The same settings as stack config keys (`rewst-csp:<key>`), for `pulumi config set`. */
export function emulatorStackConfig(emulator: RunningEmulator): Record<string, string> {
  return Object.fromEntries(
    Object.entries(emulatorSettingValues(emulator)).map(([key, value]) => [
      `${CONFIG_NAMESPACE}:${key}`,
      value,
    ]),
  );
}

/**
 * Provider settings pointing at a running emulator, as stack config would deliver them (for tests,
 * benchmarks and tools that run the clients without the engine). Waits are shortened for tests.
 */
export function emulatorSettings(
  emulator: RunningEmulator,
  overrides: Record<string, string | undefined> = {},
): ConfigLookup {
  const values: Record<string, string | undefined> = {
    ...emulatorStackConfig(emulator),
    [`${CONFIG_NAMESPACE}:consentPropagationTimeoutSeconds`]: "3",
    [`${CONFIG_NAMESPACE}:maxRetries`]: "3",
    ...overrides,
  };
  return (key) => values[key];
}

/** `pulumi config set-all` arguments for provider settings, the secret ones as secrets. */
export function configSetAllArgs(settings: Record<string, string>): string[] {
  const secret = new Set(SECRET_KEYS.map((key) => `${CONFIG_NAMESPACE}:${key}`));
  return Object.entries(settings).flatMap(([k, v]) => [
    secret.has(k) ? "--secret" : "--plaintext",
    `${k}=${v}`,
  ]);
}
