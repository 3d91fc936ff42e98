/**
 * GDAP roles as Microsoft documents them, per action, on the real engine with the policy pack: a
 * Privileged-Role-Administrator-only customer consents and gets Graph app roles; an
 * Application-Developer-only one is refused at preview, naming the roles that would do; a consent
 * through Rewst is judged as Rewst's (its integration user's roles, not the SAM user's); and an app
 * role an admin assigned by hand, not yet listed, is adopted from Graph's 400 duplicate answer.
 */
import * as path from "path";

import type { RunningEmulator } from "../../emulator/server";
import { DEFAULT_IDENTITIES as ids, generateSeed } from "../../emulator/state/seed";
import { DIRECTORY_ROLES } from "../../provider/contracts/graph";
import { WELL_KNOWN_APP_IDS } from "../../provider/contracts/identity";
import { REPO_ROOT } from "./support/engine";
import { cspWorkspace, serviceWrites, setFixture } from "./support/cspStack";
import type { PulumiWorkspace } from "./support/workspace";
import { useEmulatorStack } from "./support/emulatorStack";

jest.setTimeout(600_000);

const STACK = "gdap";
const GRAPH = WELL_KNOWN_APP_IDS.microsoftGraph;
const CONNECTOR = ids.rewstCspConnectorAppId;
const R = DIRECTORY_ROLES;
const PRA_ONLY = 1;
const APP_DEVELOPER_ONLY = 2;
const REWST_CAN = 3; // SAM user reads only; Rewst's integration user is Cloud Application Administrator
const REWST_CANNOT = 4; // the reverse
const BY_HAND = 5; // an admin assigns the app role before up; Graph lists it late

describe("GDAP roles per action, and whose roles decide", () => {
  const seed = generateSeed({
    customerCount: 5,
    customers: {
      [PRA_ONLY]: { gdapRoles: [R.privilegedRoleAdministrator.id] },
      [APP_DEVELOPER_ONLY]: { gdapRoles: [R.applicationDeveloper.id, R.directoryReaders.id] },
      [REWST_CAN]: {
        gdapRoles: [R.directoryReaders.id],
        rewstGdapRoles: [R.cloudApplicationAdministrator.id, R.directoryReaders.id],
      },
      [REWST_CANNOT]: {
        gdapRoles: [R.cloudApplicationAdministrator.id, R.directoryReaders.id],
        rewstGdapRoles: [R.directoryReaders.id],
      },
      [BY_HAND]: {
        gdapRoles: [R.cloudApplicationAdministrator.id, R.privilegedRoleAdministrator.id],
      },
    },
  });
  const tenant = (n: number) => seed.customers[n - 1].tenantId;
  let emulator: RunningEmulator;
  let ws: PulumiWorkspace;
  const customer = (n: number, via: "partnerCenter" | "rewst", appRoles?: string[]) => ({
    name: `c${n}`,
    tenantId: tenant(n),
    consent: {
      applicationId: CONNECTOR,
      displayName: "Rewst CSP Connector",
      via,
      grants: [
        { enterpriseApplicationId: GRAPH, scopes: ["Directory.Read.All"], ...(appRoles ? { appRoles } : {}) },
      ],
    },
  });
  const declare = (...customers: ReturnType<typeof customer>[]) =>
    setFixture(ws, STACK, "customers", customers);
  const previewWithPolicies = () =>
    ws.pulumi(["preview", "--policy-pack", path.join(REPO_ROOT, "policies"), "--stack", STACK]);
  const state = () => emulator.control.exportState();
  /** Tenants where the connector is consented (the MSP's own app is consented everywhere). */
  const connectorConsents = () =>
    state()
      .consents.filter((c) => c.applicationId === CONNECTOR)
      .map((c) => c.customerTenantId);
  const connectorIn = (n: number) =>
    state().servicePrincipals.find((p) => p.tenantId === tenant(n) && p.appId === CONNECTOR);
  const graphRolesOf = (n: number) => {
    const sp = connectorIn(n);
    return state().appRoleAssignments.filter((a) => a.tenantId === tenant(n) && a.principalId === sp?.id);
  };

  useEmulatorStack({ seed, workspace: (e) => cspWorkspace(STACK, e) }, async (started) => {
    ({ emulator, ws } = started);
    // The pack's mandatory rewst-prod-sp-present wants Rewst Prod declared in the partner tenant.
    await setFixture(ws, STACK, "enterpriseApps", [
      { name: "rewst-prod", tenantId: ids.partnerTenantId, applicationId: ids.rewstProdAppId },
    ]);
    await declare();
    await ws.pulumiOk(["up", "--yes", "--skip-preview", "--stack", STACK]);
  });

  test("Privileged Role Administrator alone: preview with the pack passes, up consents and assigns Graph app roles; through Rewst the SAM user's roles do not decide", async () => {
    await declare(customer(PRA_ONLY, "partnerCenter", ["Directory.Read.All"]), customer(REWST_CAN, "rewst"));
    const preview = await previewWithPolicies();
    expect(preview.code === 0 ? "passed" : preview.output).toBe("passed");
    expect(preview.output).toMatch(
      new RegExp(
        `gdap-advice[\\s\\S]*consent-c${REWST_CAN} for .*goes through Rewst: the GDAP role check is not judgeable`,
      ),
    );
    await ws.pulumiOk(["up", "--yes", "--skip-preview", "--stack", STACK]);
    expect(connectorIn(PRA_ONLY)).toBeDefined();
    expect(graphRolesOf(PRA_ONLY)).toHaveLength(1);
    expect(connectorConsents()).toEqual(expect.arrayContaining([tenant(PRA_ONLY), tenant(REWST_CAN)]));
  });

  test("Application Developer alone is refused at preview, naming the roles that would do; nothing is written", async () => {
    await declare(
      customer(PRA_ONLY, "partnerCenter", ["Directory.Read.All"]),
      customer(REWST_CAN, "rewst"),
      customer(APP_DEVELOPER_ONLY, "partnerCenter"),
    );
    emulator.control.requestLog.length = 0;
    const preview = await ws.pulumi(["preview", "--stack", STACK]);
    expect(preview.code).not.toBe(0);
    expect(preview.output).toMatch(
      new RegExp(
        `consent-c${APP_DEVELOPER_ONLY}[\\s\\S]*gives the partner user no role that can grant a CPV application consent[^:]*: needs Global Administrator, Privileged Role Administrator or Cloud Application Administrator \\(holds Application Developer, Directory Readers`,
      ),
    );
    expect(serviceWrites(emulator)).toEqual([]);
  });

  test("through Rewst, a SAM user that could consent does not make Rewst able to: preview says not judgeable, up fails with Rewst's message", async () => {
    await declare(
      customer(PRA_ONLY, "partnerCenter", ["Directory.Read.All"]),
      customer(REWST_CAN, "rewst"),
      customer(REWST_CANNOT, "rewst"),
    );
    const preview = await previewWithPolicies();
    expect(preview.code === 0 ? "passed" : preview.output).toBe("passed");
    expect(preview.output).toMatch(
      new RegExp(`consent-c${REWST_CANNOT} for .*the GDAP role check is not judgeable`),
    );
    const up = await ws.pulumi(["up", "--yes", "--skip-preview", "--stack", STACK]);
    expect(up.code).not.toBe(0);
    expect(up.output).toMatch(
      /gives Rewst's integration user no role that can consent \(needs Global Administrator/,
    );
    expect(connectorConsents()).not.toContain(tenant(REWST_CANNOT));
  });

  test("an app role an admin assigned by hand, not yet listed, is adopted from Graph's 400 answer; the next check is clean", async () => {
    const base = [customer(PRA_ONLY, "partnerCenter", ["Directory.Read.All"]), customer(REWST_CAN, "rewst")];
    await declare(...base, customer(BY_HAND, "partnerCenter"));
    await ws.pulumiOk(["up", "--yes", "--skip-preview", "--stack", STACK]);
    emulator.control.drift({
      kind: "editAppRole",
      change: "add",
      tenantId: tenant(BY_HAND),
      clientAppId: CONNECTOR,
      resourceAppId: GRAPH,
      role: "Directory.Read.All",
      listedAfterMs: 20_000,
    });
    emulator.control.requestLog.length = 0;
    await declare(...base, customer(BY_HAND, "partnerCenter", ["Directory.Read.All"]));
    await ws.pulumiOk(["up", "--yes", "--skip-preview", "--stack", STACK]);
    const posts = emulator.control.requestLog.filter(
      (e) => e.route === "graph.servicePrincipals.appRoleAssignments.create" && e.tenant === tenant(BY_HAND),
    );
    expect(posts.map((e) => e.status)).toEqual([400]);
    expect(graphRolesOf(BY_HAND)).toHaveLength(1);
    await ws.pulumiOk(["preview", "--refresh", "--expect-no-changes", "--stack", STACK]);
  });
});
