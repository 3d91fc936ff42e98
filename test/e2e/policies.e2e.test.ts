/**
 * The policy pack on an emulator-backed CSP stack with the real engine: the clean stack passes,
 * seeded violations appear with their level, mandatory ones fail preview, and
 * --policy-pack-config changes a level and the outcome.
 */
import * as fs from "fs";
import * as path from "path";

import type { RunningEmulator } from "../../emulator/server";
import { DEFAULT_IDENTITIES as ids, generateSeed } from "../../emulator/state/seed";
import { WELL_KNOWN_APP_IDS } from "../../provider/contracts/identity";
import { REPO_ROOT } from "./support/engine";
import { cspWorkspace, setFixture } from "./support/cspStack";
import type { PulumiWorkspace } from "./support/workspace";
import { useEmulatorStack } from "./support/emulatorStack";

jest.setTimeout(300_000);

const STACK = "policies";
const PACK = path.join(REPO_ROOT, "policies");
const GRAPH = WELL_KNOWN_APP_IDS.microsoftGraph;

describe("policy pack on a CSP stack", () => {
  // The fourth customer has no GDAP relationship, the fifth's ends in ten days and will not
  // extend itself; the stack declares them only in their GDAP tests.
  const seed = generateSeed({
    customerCount: 5,
    withoutGdapEvery: 4,
    customers: {
      5: { gdapEndDateTime: new Date(Date.now() + 10.5 * 86_400_000).toISOString(), gdapAutoExtend: "PT0S" },
    },
  });
  let emulator: RunningEmulator;
  let ws: PulumiWorkspace;
  const customer = (n: number, extra: Record<string, unknown> = {}) => ({
    name: `c${n}`,
    tenantId: seed.customers[n - 1].tenantId,
    organizationId: seed.rewst.organizations[n - 1].id,
    consent: {
      applicationId: ids.rewstCspConnectorAppId,
      displayName: "Rewst CSP Connector",
      grants: [{ enterpriseApplicationId: GRAPH, scopes: ["Directory.Read.All"] }],
    },
    ...extra,
  });
  /** What a consent or mapping would change in the emulator (tokens and logs aside). */
  const customerObjects = () => {
    const state = emulator.control.exportState();
    return JSON.stringify([state.consents, state.servicePrincipals, state.grants, state.rewst.cspCustomers]);
  };
  const setCustomers = (customers: unknown[]) => setFixture(ws, STACK, "customers", customers);
  const check = (extra: string[] = []) =>
    ws.pulumi(["preview", "--refresh", "--policy-pack", PACK, ...extra, "--stack", STACK]);
  /** The drift check that must pass: fails with the CLI's output otherwise. */
  const cleanCheck = () =>
    ws.pulumiOk(["preview", "--refresh", "--expect-no-changes", "--policy-pack", PACK, "--stack", STACK]);

  useEmulatorStack({ seed, workspace: (e) => cspWorkspace(STACK, e) }, async (started) => {
    ({ emulator, ws } = started);
    await setFixture(ws, STACK, "enterpriseApps", [
      { name: "rewst-prod", tenantId: ids.partnerTenantId, applicationId: ids.rewstProdAppId },
    ]);
    await setCustomers([customer(1), customer(2), customer(3)]);
    await ws.pulumiOk(["up", "--yes", "--skip-preview", "--stack", STACK]);
  });

  test("the clean stack passes with no violation", async () => {
    const clean = await check(["--expect-no-changes"]);
    expect(clean.output).not.toMatch(/\[(mandatory|advisory)\]/);
    expect(clean.code).toBe(0);
  });

  test("a consent declared for a customer without GDAP fails preview (gdap-role-coverage), judged before anything is written", async () => {
    await setCustomers([customer(1), customer(2), customer(3), customer(4, { organizationId: undefined })]);
    try {
      const before = customerObjects();
      const result = await ws.pulumi(["preview", "--policy-pack", PACK, "--stack", STACK]);
      expect(result.output).toMatch(/\[advisory\]\s+consent-without-gdap/);
      expect(result.output).toContain(
        `Consent consent-c4 for tenant ${seed.customers[3].tenantId} has no active GDAP relationship`,
      );
      expect(result.output).not.toMatch(/consent-c[123] for/);
      // No relationship can consent: mandatory, so the drift check fails before any write.
      expect(result.output).toMatch(/\[mandatory\]\s+gdap-role-coverage/);
      expect(result.output).toContain(
        `tenant ${seed.customers[3].tenantId}, no GDAP relationship: the consent cannot be granted or repaired`,
      );
      expect(result.code).not.toBe(0);
      expect(customerObjects()).toEqual(before);
    } finally {
      await setCustomers([customer(1), customer(2), customer(3)]);
    }
  });

  test("a relationship ending in ten days without auto-extend is reported by gdap-expiring and gdap-auto-extend, advisory", async () => {
    await setCustomers([customer(1), customer(2), customer(3), customer(5, { organizationId: undefined })]);
    try {
      const result = await ws.pulumi(["preview", "--policy-pack", PACK, "--stack", STACK]);
      const tenant = seed.customers[4].tenantId;
      expect(result.output).toMatch(/\[advisory\]\s+gdap-expiring/);
      expect(result.output).toMatch(
        new RegExp(
          `tenant ${tenant}, GDAP relationship "Rewst GDAP Customer 005 Ltd" \\([^)]+\\) ends on \\d{4}-\\d\\d-\\d\\d \\(in 10 days\\)`,
        ),
      );
      expect(result.output).toMatch(/\[advisory\]\s+gdap-auto-extend/);
      expect(result.output).toContain(`does not extend itself. Expected: auto-extend P180D. Observed: PT0S`);
      expect(result.output).not.toMatch(/gdap-role-coverage/);
      expect(result.code).toBe(0);
    } finally {
      await setCustomers([customer(1), customer(2), customer(3)]);
    }
  });

  test("with consentDrift report, a deleted principal and an extra scope are mandatory violations, not plans", async () => {
    const setting = "rewst-csp:consentDrift";
    await ws.pulumiOk(["config", "set", setting, "report", "--stack", STACK]);
    emulator.control.drift({
      kind: "deleteServicePrincipal",
      tenantId: seed.customers[0].tenantId,
      appId: ids.rewstCspConnectorAppId,
    });
    emulator.control.drift({
      kind: "editGrantScopes",
      tenantId: seed.customers[2].tenantId,
      clientAppId: ids.rewstCspConnectorAppId,
      resourceAppId: GRAPH,
      scope: "Directory.Read.All Mail.Send",
    });
    const held = await check();
    expect(held.code).not.toBe(0);
    expect(held.output).not.toMatch(/CpvConsent\s+consent-c\d\s+(replace|update)/);
    expect(held.output).toMatch(/\[mandatory\]\s+csp-connector-sp-present/);
    expect(held.output).toContain(
      `The CSP Connector's service principal (app ${ids.rewstCspConnectorAppId}) in Customer 001 Ltd (${seed.customers[0].tenantId}) is missing`,
    );
    expect(held.output).toMatch(/pulumi up --replace 'urn:pulumi:policies::csp-fixture::[^']*consent-c1'/);
    expect(held.output).toMatch(/\[mandatory\]\s+csp-connector-sp-drift/);
    expect(held.output).toMatch(
      new RegExp(
        `scopes in Customer 003 Ltd \\(${seed.customers[2].tenantId}\\) drifted\\. Missing: none\\. Extra: [^.]*mail\\.send`,
        "i",
      ),
    );

    // By default (repair) the plan consents again, and the pack has nothing left to object to.
    await ws.pulumiOk(["config", "rm", setting, "--stack", STACK]);
    const repairing = await check();
    expect(repairing.output).toMatch(
      /\+-\s+pulumi-nodejs:dynamic\/rewst-csp:CpvConsent\s+consent-c1\s+replace/,
    );
    expect(repairing.output).toMatch(/~\s+pulumi-nodejs:dynamic\/rewst-csp:CpvConsent\s+consent-c3\s+update/);
    expect(repairing.output).not.toMatch(/csp-connector-sp-(present|drift)/);
    expect(repairing.code).toBe(0);
    await ws.pulumiOk(["up", "--yes", "--skip-preview", "--refresh", "--stack", STACK]);
    await cleanCheck();
  });

  test("a leftover connector principal is advisory", async () => {
    emulator.control.drift({
      kind: "addServicePrincipal",
      tenantId: seed.customers[1].tenantId,
      appId: "2bfb92c3-5845-4776-a1ad-5398acdf285e",
      displayName: "Rewst CSP Connector",
    });
    const result = await check();
    expect(result.output).toMatch(/\[advisory\]\s+stale-connector-service-principals/);
    expect(result.output).toContain(
      `Customer 002 Ltd (${seed.customers[1].tenantId}) has a stale service principal "Rewst CSP Connector"`,
    );
  });

  test("a missing Rewst Prod is a mandatory violation", async () => {
    emulator.control.drift({
      kind: "deleteServicePrincipal",
      tenantId: ids.partnerTenantId,
      appId: ids.rewstProdAppId,
    });
    const result = await check();
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/\[mandatory\]\s+rewst-prod-sp-present/);
    expect(result.output).toMatch(
      /Rewst Prod \(app 06bfda05-2d5e-4b3b-ac5d-79f07e402973\) in tenant .* is missing/,
    );
  });

  test("an organization mapped to two customers and a scope off the allow-list, and a level changed by config", async () => {
    // Start from a repaired stack so only the seeded problems remain.
    await ws.pulumiOk(["up", "--yes", "--skip-preview", "--refresh", "--stack", STACK]);
    emulator.control.drift({
      kind: "deleteServicePrincipal",
      tenantId: seed.customers[1].tenantId,
      appId: "2bfb92c3-5845-4776-a1ad-5398acdf285e",
    });
    await setCustomers([
      customer(1),
      customer(2, { organizationId: seed.rewst.organizations[0].id }),
      customer(3, {
        consent: {
          applicationId: ids.rewstCspConnectorAppId,
          displayName: "Rewst CSP Connector",
          grants: [{ enterpriseApplicationId: GRAPH, scopes: ["Directory.Read.All", "Mail.Send"] }],
        },
      }),
    ]);
    const result = await ws.pulumi(["preview", "--policy-pack", PACK, "--stack", STACK]);
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/\[mandatory\]\s+org-linked-to-multiple-customers/);
    expect(result.output).toMatch(
      new RegExp(`organization ${seed.rewst.organizations[0].id} is linked to 2 customers`),
    );
    expect(result.output).toMatch(/\[advisory\]\s+scope-allow-list/);
    expect(result.output).toContain("requests scopes outside the allow-list: Mail.Send");

    const configFile = path.join(ws.dir, "policy-config.json");
    fs.writeFileSync(
      configFile,
      JSON.stringify({
        "org-linked-to-multiple-customers": "advisory",
        "scope-allow-list": { allowedScopes: ["Directory.Read.All", "Mail.Send"] },
      }),
    );
    const relaxed = await ws.pulumi([
      "preview",
      "--policy-pack",
      PACK,
      "--policy-pack-config",
      configFile,
      "--stack",
      STACK,
    ]);
    expect(relaxed.output).toMatch(/\[advisory\]\s+org-linked-to-multiple-customers/);
    expect(relaxed.output).not.toMatch(/scope-allow-list/);
    expect(relaxed.code).toBe(0);
  });

  test("a re-created connector service principal is a mandatory violation until the named fix", async () => {
    await setCustomers([customer(1), customer(2), customer(3)]);
    emulator.control.drift({
      kind: "recreateServicePrincipal",
      tenantId: seed.customers[0].tenantId,
      appId: ids.rewstCspConnectorAppId,
    });
    const result = await check();
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/\[mandatory\]\s+csp-connector-sp-drift/);
    expect(result.output).toContain(
      `The CSP Connector's service principal in Customer 001 Ltd (${seed.customers[0].tenantId}) was re-created`,
    );

    // The fix the message names: consent again, which records the new principal.
    const urn = /re-consent with pulumi up --replace '([^']+)'/.exec(result.output)?.[1];
    expect(urn).toMatch(/::consent-c1$/);
    await ws.pulumiOk(["up", "--yes", "--skip-preview", "--replace", urn!, "--stack", STACK]);
    const fixed = await cleanCheck();
    expect(fixed.output).not.toMatch(/csp-connector-sp-drift/);
  });
});
