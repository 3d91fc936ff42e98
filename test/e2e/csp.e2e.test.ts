/**
 * The CSP resources on the real engine against the emulator, through both consent channels:
 * three customers are mapped and consented, drift is detected and repaired, a scope change is made
 * in place (no revocation), a consent granted before a crash is adopted, and destroy leaves
 * the adopted Rewst Prod service principal.
 */
import type { RunningEmulator } from "../../emulator/server";
import { DEFAULT_IDENTITIES as ids, generateSeed } from "../../emulator/state/seed";
import { AUDIENCES, WELL_KNOWN_APP_IDS } from "../../provider/contracts/identity";
import { apiClient, delegatedToken } from "../support/emulatorClients";
import { cspWorkspace, serviceWrites, setFixture } from "./support/cspStack";
import type { PulumiWorkspace } from "./support/workspace";
import { useEmulatorStack } from "./support/emulatorStack";

jest.setTimeout(300_000);

const STACK = "e2e";
const GRAPH = WELL_KNOWN_APP_IDS.microsoftGraph;
const CONNECTOR = ids.rewstCspConnectorAppId;

describe.each(["partnerCenter", "rewst"] as const)("CSP resources via %s on the real engine", (via) => {
  const seed = generateSeed({ customerCount: 4 });
  let emulator: RunningEmulator;
  let ws: PulumiWorkspace;

  const customer = (n: number, scopes = ["Directory.Read.All", "User.Read"]) => ({
    name: `c${n}`,
    tenantId: seed.customers[n - 1].tenantId,
    organizationId: seed.rewst.organizations[n - 1].id,
    consent: {
      applicationId: CONNECTOR,
      displayName: "Rewst CSP Connector",
      via,
      grants: [{ enterpriseApplicationId: GRAPH, scopes }],
    },
  });
  const setCustomers = (customers: ReturnType<typeof customer>[]) =>
    setFixture(ws, STACK, "customers", customers);
  const state = () => emulator.control.exportState();
  const connectorGrant = (tenantId: string) => {
    const s = state();
    const client = s.servicePrincipals.find((sp) => sp.tenantId === tenantId && sp.appId === CONNECTOR);
    return client
      ? s.grants.filter((g) => g.clientId === client.id && g.deletedAt === null).map((g) => g.scope)
      : undefined;
  };
  const linked = (tenantId: string) =>
    state().rewst.cspCustomers.find((c) => c.tenantId === tenantId)!.linkedOrganizationIds;
  const writes = () => serviceWrites(emulator);
  const check = () => ws.pulumi(["preview", "--refresh", "--expect-no-changes", "--stack", STACK]);

  useEmulatorStack({ seed, workspace: (e) => cspWorkspace(STACK, e) }, async (started) => {
    ({ emulator, ws } = started);
    await setFixture(ws, STACK, "enterpriseApps", [
      { name: "rewst-prod", tenantId: ids.partnerTenantId, applicationId: ids.rewstProdAppId },
    ]);
    await setCustomers([customer(1), customer(2), customer(3)]);
  });

  test("up maps and consents three customers and adopts Rewst Prod; the drift check then passes", async () => {
    const up = await ws.pulumiOk(["up", "--yes", "--skip-preview", "--stack", STACK]);
    expect(up.output).toMatch(/\+ 8 created/);
    for (const n of [1, 2, 3]) {
      expect(connectorGrant(seed.customers[n - 1].tenantId)).toEqual(["Directory.Read.All User.Read"]);
      expect(linked(seed.customers[n - 1].tenantId)).toEqual([seed.rewst.organizations[n - 1].id]);
    }
    expect(connectorGrant(seed.customers[3].tenantId)).toBeUndefined();
    expect(state().servicePrincipals.filter((sp) => sp.appId === ids.rewstProdAppId)).toHaveLength(1);
    const consents = emulator.control.requestLog.filter((e) =>
      via === "partnerCenter"
        ? e.route === "partnerCenter.applicationConsents.create"
        : e.route === "rewst.microsoftCSPConsentRequest.CREATE",
    );
    expect(consents).toHaveLength(3);
    const clean = await check();
    expect(clean.code).toBe(0);

    // No secret reaches state, exported or raw.
    const exported = (await ws.pulumiOk(["stack", "export", "--stack", STACK])).stdout;
    for (const secret of [ids.mspAppSecret, ids.partnerRefreshToken, ids.rewstApiToken]) {
      expect(exported).not.toContain(secret);
      expect(ws.rawStateFile("csp-fixture", STACK)).not.toContain(secret);
    }
  });

  test("out-of-band drift fails the check, naming each drifted resource; up repairs it", async () => {
    emulator.control.drift({
      kind: "deleteServicePrincipal",
      tenantId: seed.customers[0].tenantId,
      appId: CONNECTOR,
    });
    emulator.control.drift({
      kind: "editGrantScopes",
      tenantId: seed.customers[1].tenantId,
      clientAppId: CONNECTOR,
      resourceAppId: GRAPH,
      scope: "Directory.Read.All",
    });
    emulator.control.drift({
      kind: "unlinkMapping",
      tenantId: seed.customers[2].tenantId,
      orgId: seed.rewst.organizations[2].id,
    });

    const drift = await check();
    expect(drift.code).not.toBe(0);
    // A consent whose principal has gone is kept as "missing" and consented again (replace);
    // edited scopes are set back in place (update), never by revoking the consent.
    expect(drift.output).toMatch(/\+-\s+pulumi-nodejs:dynamic\/rewst-csp:CpvConsent\s+consent-c1\s+replace/);
    expect(drift.output).toMatch(/~\s+pulumi-nodejs:dynamic\/rewst-csp:CpvConsent\s+consent-c2\s+update/);
    expect(drift.output).toMatch(/\+\s+pulumi-nodejs:dynamic\/rewst-csp:ClientMapping\s+mapping-c3\s+create/);
    expect(drift.output).toMatch(
      /Resources:\s+\+ 1 to create\s+~ 1 to update\s+\+-1 to replace\s+3 changes\. 5 unchanged/,
    );

    emulator.control.requestLog.length = 0;
    await ws.pulumiOk(["up", "--yes", "--skip-preview", "--refresh", "--stack", STACK]);
    const revoked = writes().filter((e) => e.tenant === seed.customers[1].tenantId);
    expect(revoked.map((e) => e.route)).toEqual(["graph.oauth2PermissionGrants.update"]);
    expect(connectorGrant(seed.customers[0].tenantId)).toEqual(["Directory.Read.All User.Read"]);
    expect(connectorGrant(seed.customers[1].tenantId)).toEqual(["Directory.Read.All User.Read"]);
    expect(linked(seed.customers[2].tenantId)).toEqual([seed.rewst.organizations[2].id]);
    expect((await check()).code).toBe(0);
  });

  test("a scope change previews an update and up patches the grant, keeping the consent", async () => {
    await setCustomers([
      customer(1, ["Directory.Read.All", "User.Read", "Application.Read.All"]),
      customer(2),
      customer(3),
    ]);
    const preview = await ws.pulumi(["preview", "--diff", "--stack", STACK]);
    expect(preview.code).toBe(0);
    expect(preview.output).toMatch(/~\s*pulumi-nodejs:dynamic\/rewst-csp:CpvConsent: \(update\)/);
    expect(preview.output).toMatch(/\+\s*\[2\]: "Application\.Read\.All"/);

    emulator.control.requestLog.length = 0;
    await ws.pulumiOk(["up", "--yes", "--skip-preview", "--stack", STACK]);
    const consentCalls = writes().map((e) => e.route);
    // Whichever channel granted it, the tenant's grant is edited in place: no revocation.
    expect(consentCalls).toEqual(["graph.oauth2PermissionGrants.update"]);
    expect(connectorGrant(seed.customers[0].tenantId)).toEqual([
      "Directory.Read.All User.Read Application.Read.All",
    ]);
  });

  test("a consent granted before a crash is adopted by the next up, with no second consent", async () => {
    const tenant = seed.customers[3].tenantId;
    const pc = apiClient(
      emulator,
      await delegatedToken(emulator, ids.partnerTenantId, AUDIENCES.partnerCenter),
    );
    const granted = await pc.post(`/v1/customers/${tenant}/applicationconsents`, {
      applicationId: CONNECTOR,
      displayName: "Rewst CSP Connector",
      applicationGrants: [{ enterpriseApplicationId: GRAPH, scope: "Directory.Read.All,User.Read" }],
    });
    expect(granted.status).toBe(201);

    await setCustomers([
      customer(1, ["Directory.Read.All", "User.Read", "Application.Read.All"]),
      customer(2),
      customer(3),
      customer(4),
    ]);
    emulator.control.requestLog.length = 0;
    await ws.pulumiOk(["up", "--yes", "--skip-preview", "--stack", STACK]);
    expect(writes().map((e) => e.route)).toEqual([]);
    expect(linked(tenant)).toEqual([seed.rewst.organizations[3].id]);
    expect((await check()).code).toBe(0);
  });

  test("destroy removes consents and mappings and leaves the adopted Rewst Prod service principal", async () => {
    await ws.pulumiOk(["destroy", "--yes", "--skip-preview", "--stack", STACK]);
    for (const c of seed.customers) {
      expect(connectorGrant(c.tenantId) ?? []).toEqual([]);
      expect(linked(c.tenantId)).toEqual([]);
    }
    expect(state().servicePrincipals.filter((sp) => sp.appId === ids.rewstProdAppId)).toHaveLength(1);
  });
});
