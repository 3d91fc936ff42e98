import { type RunningEmulator } from "../../../emulator/server";
import { DEFAULT_IDENTITIES as ids } from "../../../emulator/state/seed";
import { PulumiWorkspace } from "./workspace";

/** Points a workspace's stack at a running emulator (URLs, CA, secrets as secret config). */
export async function configureForEmulator(
  ws: PulumiWorkspace,
  stack: string,
  emulator: RunningEmulator,
): Promise<void> {
  const plain: Record<string, string> = {
    "rewst-csp:partnerTenantId": ids.partnerTenantId,
    "rewst-csp:partnerAppId": ids.mspAppId,
    "rewst-csp:authorityHost": emulator.url,
    "rewst-csp:partnerCenterUrl": emulator.url,
    "rewst-csp:graphUrl": emulator.url,
    "rewst-csp:rewstGraphqlUrl": `${emulator.url}/graphql`,
    "rewst-csp:caCertificatePath": emulator.caPath,
    "rewst-csp:cspPackConfigId": ids.rewstCspPackConfigId,
    "rewst-csp:consentPropagationTimeoutSeconds": "10",
  };
  const secrets: Record<string, string> = {
    "rewst-csp:partnerAppSecret": ids.mspAppSecret,
    "rewst-csp:partnerRefreshToken": ids.partnerRefreshToken,
    "rewst-csp:rewstApiToken": ids.rewstApiToken,
  };
  await ws.pulumiOk([
    "config",
    "set-all",
    "--stack",
    stack,
    ...Object.entries(plain).flatMap(([k, v]) => ["--plaintext", `${k}=${v}`]),
    ...Object.entries(secrets).flatMap(([k, v]) => ["--secret", `${k}=${v}`]),
  ]);
}

/** A throw-away workspace of a fixture program with a stack configured for the emulator. */
export async function emulatorWorkspace(
  fixture: "csp" | "mappings",
  stack: string,
  emulator: RunningEmulator,
): Promise<PulumiWorkspace> {
  const ws = PulumiWorkspace.create(fixture);
  ws.installPackage("0.1.0-e2e");
  await ws.pulumiOk(["stack", "init", stack]);
  await configureForEmulator(ws, stack, emulator);
  return ws;
}

/** A throw-away workspace of the csp fixture with a stack configured for the emulator. */
export const cspWorkspace = (stack: string, emulator: RunningEmulator) =>
  emulatorWorkspace("csp", stack, emulator);

/** Sets a `fixture:<key>` stack config value (JSON) of the csp fixture program. */
export function setFixture(ws: PulumiWorkspace, stack: string, key: string, value: unknown) {
  return ws.pulumiOk(["config", "set", "--stack", stack, `fixture:${key}`, JSON.stringify(value)]);
}
