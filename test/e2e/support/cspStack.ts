import { execFileSync } from "child_process";
import * as path from "path";

import { type RunningEmulator } from "../../../emulator/server";
import { configSetAllArgs, emulatorStackConfig } from "../../../emulator/providerSettings";
import { DEFAULT_IDENTITIES as ids } from "../../../emulator/state/seed";
import { CONFIG_NAMESPACE } from "../../../provider/config/configSource";
import { WELL_KNOWN_APP_IDS } from "../../../provider/contracts/identity";
import { REPO_ROOT } from "./engine";
import { PulumiWorkspace } from "./workspace";

/** Points a workspace's stack at a running emulator (URLs, CA, secrets as secret config). */
export async function configureForEmulator(
  ws: PulumiWorkspace,
  stack: string,
  emulator: RunningEmulator,
): Promise<void> {
  const settings = {
    ...emulatorStackConfig(emulator),
    [`${CONFIG_NAMESPACE}:consentPropagationTimeoutSeconds`]: "10",
  };
  await ws.pulumiOk(["config", "set-all", "--stack", stack, ...configSetAllArgs(settings)]);
}

/** A throw-away workspace of a fixture program with a stack configured for the emulator. */
export async function emulatorWorkspace(
  fixture:
    | "csp"
    | "mappings"
    | "native"
    | "yaml"
    | "yaml-fleet"
    | "yaml-package"
    | "conformance-ts"
    | "conformance-yaml"
    | "conformance-go",
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

/**
 * The emulator's logged requests that changed something in Microsoft's services or started a
 * consent (Rewst's GraphQL link mutations and token requests aside). A JSON batch of reads is a
 * read: the emulator flags what asks for a change.
 */
export const serviceWrites = (emulator: RunningEmulator) =>
  emulator.control.requestLog.filter(
    (e) => e.write && e.route !== "identity.token" && e.route !== "rewst.graphql",
  );

/** Sets a `fixture:<key>` stack config value (JSON) of the csp fixture program. */
export function setFixture(ws: PulumiWorkspace, stack: string, key: string, value: unknown) {
  return ws.pulumiOk(["config", "set", "--stack", stack, `fixture:${key}`, JSON.stringify(value)]);
}

/** A customer of the csp fixture with the Rewst CSP Connector consented to Microsoft Graph scopes. */
export const connectorCustomer = (
  n: number,
  tenantId: string,
  scopes: string[],
  organizationId?: string,
) => ({
  name: `c${n}`,
  tenantId,
  ...(organizationId ? { organizationId } : {}),
  consent: {
    applicationId: ids.rewstCspConnectorAppId,
    displayName: "Rewst CSP Connector",
    grants: [{ enterpriseApplicationId: WELL_KNOWN_APP_IDS.microsoftGraph, scopes }],
  },
});

/** Every request since `from` (a request-log length) that asked a service for a change, Rewst's mutations included. */
export const writesSince = (emulator: RunningEmulator, from: number) =>
  emulator.control.requestLog.slice(from).filter((e) => e.write && !e.route.startsWith("identity."));

/** Sets plain project config values in one command (parallel `config set` calls race on the file). */
export function setConfig(ws: PulumiWorkspace, stack: string, values: Record<string, string>) {
  return ws.pulumiOk([
    "config",
    "set-all",
    "--stack",
    stack,
    ...Object.entries(values).flatMap(([k, v]) => ["--plaintext", `${k}=${v}`]),
  ]);
}

/** Puts the language hosts a `scripts/ensure-*.sh` builds (and prints the folder of) on the workspace's PATH. */
export function addHostsToPath(
  ws: PulumiWorkspace,
  script: "ensure-yaml-host.sh" | "ensure-language-hosts.sh",
) {
  const folder = execFileSync("bash", [path.join(REPO_ROOT, "scripts", script)], { encoding: "utf8" }).trim();
  ws.env.PATH = `${folder}${path.delimiter}${ws.env.PATH ?? ""}`;
}
