/**
 * 50 customers mapped and consented while the emulator answers 429 storms and 5xx: retries
 * (Retry-After, jittered back-off) and idempotent consent calls leave no failed resource and no
 * duplicate consent.
 */
import type { RunningEmulator } from "../../emulator/server";
import { DEFAULT_IDENTITIES as ids, generateSeed } from "../../emulator/state/seed";
import { WELL_KNOWN_APP_IDS } from "../../provider/contracts/identity";
import { cspWorkspace, setFixture } from "./support/cspStack";
import type { PulumiWorkspace } from "./support/workspace";
import { useEmulatorStack } from "./support/emulatorStack";

jest.setTimeout(600_000);

const STACK = "storm";
const COUNT = 50;

describe("50 customers through 429 storms and 5xx", () => {
  const seed = generateSeed({ customerCount: COUNT });
  let emulator: RunningEmulator;
  let ws: PulumiWorkspace;

  useEmulatorStack({ seed, workspace: (e) => cspWorkspace(STACK, e) }, async (started) => {
    ({ emulator, ws } = started);
    const customers = seed.customers.map((c, i) => ({
      name: `c${i + 1}`,
      tenantId: c.tenantId,
      organizationId: seed.rewst.organizations[i].id,
      consent: {
        applicationId: ids.rewstCspConnectorAppId,
        displayName: "Rewst CSP Connector",
        grants: [
          { enterpriseApplicationId: WELL_KNOWN_APP_IDS.microsoftGraph, scopes: ["Directory.Read.All"] },
        ],
      },
    }));
    await setFixture(ws, STACK, "customers", customers);
  });

  test("up succeeds for every resource and grants each consent exactly once", async () => {
    emulator.control.setFaults([
      {
        route: "^partnerCenter\\.applicationConsents\\.create$",
        kind: "status",
        status: 429,
        retryAfterSeconds: 1,
        probability: 0.4,
      },
      // Partner Center sees few requests besides the throttled creates: 503s on half of them until
      // eight were sent, so the 5xx storm surely happens (at 0.1 it sometimes never did).
      { route: "^partnerCenter\\.", kind: "status", status: 503, probability: 0.5, times: 8 },
      { route: "^graph\\.", kind: "status", status: 503, probability: 0.1 },
      { route: "^graph\\.", kind: "status", status: 429, retryAfterSeconds: 0.2, probability: 0.1 },
      { route: "^rewst\\.graphql$", kind: "status", status: 502, probability: 0.1 },
    ]);
    const up = await ws.pulumi(["up", "--yes", "--skip-preview", "--stack", STACK]);
    const hits = emulator.control.faults.map((f) => f.hits);
    emulator.control.setFaults([]);
    expect(up.output).toMatch(new RegExp(`\\+ ${2 * COUNT + 1} created`));
    expect(up.code).toBe(0);

    // The storm really happened, and consents were retried through it.
    expect(hits.every((n) => n > 0)).toBe(true);
    const log = emulator.control.requestLog;
    expect(
      log.filter((e) => e.route === "partnerCenter.applicationConsents.create" && e.status === 429).length,
    ).toBeGreaterThan(5);

    const state = emulator.control.exportState();
    const connectorConsents = state.consents.filter((c) => c.applicationId === ids.rewstCspConnectorAppId);
    expect(connectorConsents).toHaveLength(COUNT);
    for (const customer of seed.customers) {
      const sps = state.servicePrincipals.filter(
        (sp) => sp.tenantId === customer.tenantId && sp.appId === ids.rewstCspConnectorAppId,
      );
      expect(sps).toHaveLength(1);
      expect(state.grants.filter((g) => g.clientId === sps[0].id && g.deletedAt === null)).toHaveLength(1);
    }
    expect(state.rewst.cspCustomers.every((c) => c.linkedOrganizationIds.length === 1)).toBe(true);
  });
});
