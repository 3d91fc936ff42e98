/**
 * Drift that used to wedge the stack, on the real engine: an emptied grant, scope names Entra
 * allows but the input rules refuse, and a deleted principal. Three refreshes in a row succeed, and
 * the next `up` repairs everything; scope-only drift is patched in place, never revoked.
 */
import type { RunningEmulator } from "../../emulator/server";
import { DEFAULT_IDENTITIES as ids, IMMEDIATE_CONSISTENCY, generateSeed } from "../../emulator/state/seed";
import { WELL_KNOWN_APP_IDS } from "../../provider/contracts/identity";
import { connectorCustomer, cspWorkspace, setFixture } from "./support/cspStack";
import type { PulumiWorkspace } from "./support/workspace";
import { useEmulatorStack } from "./support/emulatorStack";

jest.setTimeout(300_000);

const STACK = "wedge";
const CONNECTOR = ids.rewstCspConnectorAppId;
const GRAPH = WELL_KNOWN_APP_IDS.microsoftGraph;

describe("drift that used to wedge refresh", () => {
  const seed = generateSeed({ customerCount: 3, options: IMMEDIATE_CONSISTENCY });
  const tenant = (n: number) => seed.customers[n - 1].tenantId;
  let emulator: RunningEmulator;
  let ws: PulumiWorkspace;

  useEmulatorStack({ seed, workspace: (e) => cspWorkspace(STACK, e) }, async (started) => {
    ({ emulator, ws } = started);
    await setFixture(
      ws,
      STACK,
      "customers",
      [1, 2, 3].map((n) => connectorCustomer(n, tenant(n), ["Directory.Read.All", "User.Read"])),
    );
    await ws.pulumiOk(["up", "--yes", "--skip-preview", "--stack", STACK]);
  });

  test("three refreshes succeed, then up repairs without revoking a consent for scope drift", async () => {
    emulator.control.drift({
      kind: "editGrantScopes",
      tenantId: tenant(1),
      clientAppId: CONNECTOR,
      resourceAppId: GRAPH,
      scope: "",
    });
    emulator.control.drift({
      kind: "editGrantScopes",
      tenantId: tenant(2),
      clientAppId: CONNECTOR,
      resourceAppId: GRAPH,
      scope: "Directory.Read.All custom:scope/with.odd+chars",
    });
    emulator.control.drift({ kind: "deleteServicePrincipal", tenantId: tenant(3), appId: CONNECTOR });

    for (let i = 0; i < 3; i++) await ws.pulumiOk(["refresh", "--yes", "--skip-preview", "--stack", STACK]);
    const plan = await ws.pulumi(["preview", "--stack", STACK]);
    expect(plan.code).toBe(0);
    expect(plan.output).toMatch(/~\s+pulumi-nodejs:dynamic\/rewst-csp:CpvConsent\s+consent-c1\s+update/);
    expect(plan.output).toMatch(/~\s+pulumi-nodejs:dynamic\/rewst-csp:CpvConsent\s+consent-c2\s+update/);
    expect(plan.output).toMatch(/\+-\s+pulumi-nodejs:dynamic\/rewst-csp:CpvConsent\s+consent-c3\s+replace/);

    emulator.control.requestLog.length = 0;
    await ws.pulumiOk(["up", "--yes", "--skip-preview", "--stack", STACK]);
    const writes = emulator.control.requestLog.filter((e) => e.write && e.route !== "identity.token");
    // No moment without consent where only scopes drifted: a PATCH each, no DELETE of any kind.
    for (const t of [tenant(1), tenant(2)])
      expect(writes.filter((e) => e.tenant === t).map((e) => e.route)).toEqual([
        "graph.oauth2PermissionGrants.update",
      ]);
    const state = emulator.control.exportState();
    for (const t of [tenant(1), tenant(2), tenant(3)]) {
      const sp = state.servicePrincipals.find((p) => p.tenantId === t && p.appId === CONNECTOR);
      expect(
        state.grants.filter((g) => g.clientId === sp?.id && g.deletedAt === null).map((g) => g.scope),
      ).toEqual(["Directory.Read.All User.Read"]);
    }
    await ws.pulumiOk(["preview", "--refresh", "--expect-no-changes", "--stack", STACK]);
  });
});
