/**
 * Application permissions beside delegated scopes, on the real engine against the emulator: the
 * consent grants the delegated part (Partner Center or Rewst), Graph assigns the app roles, a
 * refresh reads both back, and each kind of drift (a role removed, a role added by hand, a scope
 * edited) is reported per customer and repaired in place. Preview refuses, before any write, what
 * the tenant would refuse: an unknown scope or app role, a resource the tenant lacks, a scope
 * string over Entra's limit.
 */
import type { RunningEmulator } from "../../emulator/server";
import { EXCHANGE_ONLINE_APP_ID, resourceApp } from "../../emulator/state/catalog";
import { DEFAULT_IDENTITIES as ids, generateSeed } from "../../emulator/state/seed";
import { WELL_KNOWN_APP_IDS } from "../../provider/contracts/identity";
import { cspWorkspace, serviceWrites, setFixture } from "./support/cspStack";
import type { PulumiWorkspace } from "./support/workspace";
import { useEmulatorStack } from "./support/emulatorStack";

jest.setTimeout(300_000);

const STACK = "e2e";
const GRAPH = WELL_KNOWN_APP_IDS.microsoftGraph;
const CONNECTOR = ids.rewstCspConnectorAppId;
const SCOPES = ["Directory.Read.All", "User.Read"];
const ROLES = ["Directory.Read.All", "User.Read.All"];

describe.each(["partnerCenter", "rewst"] as const)("app roles beside delegated scopes via %s", (via) => {
  const seed = generateSeed({
    customerCount: 4,
    // Microsoft Graph's app roles need Privileged Role Administrator through GDAP (Entra's rule),
    // which the default GDAP roles include.
    customers: { 4: { missingResourceApps: [EXCHANGE_ONLINE_APP_ID] } },
  });
  let emulator: RunningEmulator;
  let ws: PulumiWorkspace;
  const tenant = (n: number) => seed.customers[n - 1].tenantId;
  const customer = (
    n: number,
    grants: unknown[] = [{ enterpriseApplicationId: GRAPH, scopes: SCOPES, appRoles: ROLES }],
  ) => ({
    name: `c${n}`,
    tenantId: tenant(n),
    consent: { applicationId: CONNECTOR, displayName: "Rewst CSP Connector", via, grants },
  });
  const state = () => emulator.control.exportState();
  /** The connector's Graph app roles and delegated scopes in a tenant, as the emulator holds them. */
  const held = (n: number) => {
    const s = state();
    const sp = s.servicePrincipals.find((p) => p.tenantId === tenant(n) && p.appId === CONNECTOR)!;
    const graph = s.servicePrincipals.find((p) => p.tenantId === tenant(n) && p.appId === GRAPH)!;
    const published = resourceApp(GRAPH)!.appRoles;
    const roleValues = s.appRoleAssignments
      .filter((a) => a.principalId === sp.id && a.resourceId === graph.id)
      .map((a) => published.find((r) => r.id === a.appRoleId)?.value ?? a.appRoleId);
    const scopes = s.grants.filter((g) => g.clientId === sp.id && g.deletedAt === null).map((g) => g.scope);
    return { roles: roleValues.sort(), scopes };
  };
  const writes = () => serviceWrites(emulator);
  const check = () => ws.pulumi(["preview", "--refresh", "--expect-no-changes", "--stack", STACK]);

  useEmulatorStack({ seed, workspace: (e) => cspWorkspace(STACK, e) }, async (started) => {
    ({ emulator, ws } = started);
    await setFixture(ws, STACK, "customers", [customer(1), customer(2), customer(3)]);
  });

  test("up consents the delegated scopes and assigns the app roles through Graph; the check is clean", async () => {
    await ws.pulumiOk(["up", "--yes", "--skip-preview", "--stack", STACK]);
    for (const n of [1, 2, 3])
      expect(held(n)).toEqual({ roles: [...ROLES].sort(), scopes: [SCOPES.join(" ")] });
    const assigned = writes().filter((e) => e.route === "graph.servicePrincipals.appRoleAssignments.create");
    expect(assigned).toHaveLength(6);
    expect((await check()).code).toBe(0);
  });

  // Drift repair and the check-time refusals go through Graph whichever channel consented: they
  // run once, on the Partner Center stack.
  if (via === "partnerCenter") {
    test("a role removed, a role added by hand and a scope edited are each reported for their customer and repaired in place", async () => {
      emulator.control.drift({
        kind: "editAppRole",
        change: "remove",
        tenantId: tenant(1),
        clientAppId: CONNECTOR,
        resourceAppId: GRAPH,
        role: "User.Read.All",
      });
      emulator.control.drift({
        kind: "editAppRole",
        change: "add",
        tenantId: tenant(2),
        clientAppId: CONNECTOR,
        resourceAppId: GRAPH,
        role: "Group.Read.All",
      });
      emulator.control.drift({
        kind: "editGrantScopes",
        tenantId: tenant(3),
        clientAppId: CONNECTOR,
        resourceAppId: GRAPH,
        scope: "Directory.Read.All",
      });

      const drift = await ws.pulumi([
        "preview",
        "--refresh",
        "--diff",
        "--expect-no-changes",
        "--stack",
        STACK,
      ]);
      expect(drift.code).not.toBe(0);
      for (const n of [1, 2, 3])
        expect(drift.output).toMatch(
          new RegExp(`~ pulumi-nodejs:dynamic/rewst-csp:CpvConsent: \\(update\\)[\\s\\S]*consent-c${n}`),
        );
      expect(drift.output).toMatch(/\+\s*\[1\]: "User\.Read\.All"/);
      expect(drift.output).toMatch(/-\s*\[\d\]: "Group\.Read\.All"/);
      expect(drift.output).toMatch(/Resources:\s+~ 3 to update/);

      emulator.control.requestLog.length = 0;
      await ws.pulumiOk(["up", "--yes", "--skip-preview", "--refresh", "--stack", STACK]);
      for (const n of [1, 2, 3])
        expect(held(n)).toEqual({ roles: [...ROLES].sort(), scopes: [SCOPES.join(" ")] });
      const byTenant = (n: number) =>
        writes()
          .filter((e) => e.tenant === tenant(n))
          .map((e) => e.route);
      expect(byTenant(1)).toEqual(["graph.servicePrincipals.appRoleAssignments.create"]);
      expect(byTenant(2)).toEqual(["graph.servicePrincipals.appRoleAssignments.delete"]);
      expect(byTenant(3)).toEqual(["graph.oauth2PermissionGrants.update"]);
      expect((await check()).code).toBe(0);
    });

    test("preview refuses an unknown scope, an unknown app role and a resource the tenant lacks, before any write", async () => {
      await setFixture(ws, STACK, "customers", [
        customer(1),
        customer(2),
        customer(3),
        customer(4, [
          {
            enterpriseApplicationId: GRAPH,
            scopes: ["Directory.Read.All", "Directroy.Read.All"],
            appRoles: ["Directory.Read.Everything"],
          },
          { enterpriseApplicationId: EXCHANGE_ONLINE_APP_ID, scopes: ["Exchange.Manage"] },
        ]),
      ]);
      emulator.control.requestLog.length = 0;
      const preview = await ws.pulumi(["preview", "--stack", STACK]);
      expect(preview.code).not.toBe(0);
      const t4 = tenant(4);
      expect(preview.output).toContain(`grants[0].scopes[1]`);
      expect(preview.output).toMatch(
        new RegExp(
          `Microsoft Graph \\(${GRAPH}\\) publishes no delegated permission Directroy\\.Read\\.All in tenant ${t4}`,
        ),
      );
      expect(preview.output).toMatch(
        new RegExp(
          `Microsoft Graph \\(${GRAPH}\\) publishes no app role Directory\\.Read\\.Everything in tenant ${t4}`,
        ),
      );
      expect(preview.output).toMatch(
        new RegExp(`tenant ${t4} has no service principal of resource ${EXCHANGE_ONLINE_APP_ID}`),
      );
      expect(writes()).toEqual([]);
    });

    test("preview refuses a scope string over Graph's 3,850 characters, naming tenant and resource, before any write", async () => {
      // 180 scopes of 22 characters: 4,139 together, under the consent framework's 8,000 but over Graph's 3,850.
      const many = Array.from({ length: 180 }, (_, i) => `Custom.Permission.${String(i).padStart(4, "0")}`);
      await setFixture(ws, STACK, "customers", [
        customer(1),
        customer(2),
        customer(3),
        customer(4, [{ enterpriseApplicationId: GRAPH, scopes: many }]),
      ]);
      emulator.control.requestLog.length = 0;
      const preview = await ws.pulumi(["preview", "--stack", STACK]);
      expect(preview.code).not.toBe(0);
      expect(preview.output).toMatch(
        new RegExp(
          `grants\\[0\\]\\.scopes.*of ${GRAPH} are 4139 characters together, over the 3850-character limit Microsoft Graph documents[\\s\\S]*\\(tenant ${tenant(4)}\\)`,
        ),
      );
      expect(writes()).toEqual([]);
      await setFixture(ws, STACK, "customers", [customer(1), customer(2), customer(3)]);
    });
  }
});
