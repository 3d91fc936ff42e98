import type { ConfigLookup } from "../provider/config/configSource";
import type { EmulatorHandoff, PulumiConfigJson } from "../provider/contracts/emulatorHandoff";
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

/** Stack settings in the format `pulumi config --json` prints and `pulumi config set-all --json` reads. */
export function pulumiConfigJson(settings: Record<string, string>): PulumiConfigJson {
  const secret = new Set(SECRET_KEYS.map((key) => `${CONFIG_NAMESPACE}:${key}`));
  return Object.fromEntries(
    Object.entries(settings).map(([key, value]) => [key, { value, secret: secret.has(key) }]),
  );
}

/** `pulumi config set-all` arguments for provider settings, the secret ones as secrets. */
export function configSetAllArgs(settings: Record<string, string>): string[] {
  return Object.entries(pulumiConfigJson(settings)).flatMap(([key, { value, secret }]) => [
    secret ? "--secret" : "--plaintext",
    `${key}=${value}`,
  ]);
}

/** What `rewst-csp init --emulator` reads from the emulator's data folder. */
export function emulatorHandoff(emulator: RunningEmulator): EmulatorHandoff {
  const state = emulator.control.exportState();
  const organizations = state.rewst.organizations.filter((o) => !o.isMsp);
  return {
    url: emulator.url,
    config: pulumiConfigJson(emulatorStackConfig(emulator)),
    partnerTenantId: state.tenants.find((t) => t.kind === "partner")?.id ?? ids.partnerTenantId,
    rewstProdAppId: ids.rewstProdAppId,
    customers: state.rewst.cspCustomers.map((customer) => ({
      tenantId: customer.tenantId,
      companyName: customer.companyName,
      organizationId: organizations.find((o) => o.name === customer.companyName)?.id ?? null,
    })),
  };
}
