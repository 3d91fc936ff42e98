/**
 * Offboarding on the real engine: customers removed from the mappings file lose their consent,
 * then the connector's service principal (unless the file keeps it), then their Rewst link, in
 * that order, and nothing of the customers that stay is touched.
 */
import * as path from "path";

import { writeSeedMappings } from "../../emulator/seedMappings";
import type { RunningEmulator } from "../../emulator/server";
import { DEFAULT_IDENTITIES as ids, generateSeed } from "../../emulator/state/seed";
import { emulatorWorkspace } from "./support/cspStack";
import type { PulumiWorkspace } from "./support/workspace";
import { useEmulatorStack } from "./support/emulatorStack";

jest.setTimeout(300_000);

const STACK = "offboarding";
const CONNECTOR = ids.rewstCspConnectorAppId;

describe("offboarding customers removed from the mappings file", () => {
  const seed = generateSeed({ customerCount: 6 });
  const tenant = (n: number) => seed.customers[n - 1].tenantId;
  let emulator: RunningEmulator;
  let ws: PulumiWorkspace;
  const state = () => emulator.control.exportState();
  const principal = (n: number) =>
    state().servicePrincipals.find((sp) => sp.tenantId === tenant(n) && sp.appId === CONNECTOR);
  const consented = (n: number) => {
    const sp = principal(n);
    return state().grants.some((g) => g.clientId === sp?.id && g.deletedAt === null);
  };
  const linked = (n: number) =>
    state().rewst.cspCustomers.find((c) => c.tenantId === tenant(n))!.linkedOrganizationIds;
  const writeFile = (customers: number[], keepServicePrincipal?: boolean) =>
    writeSeedMappings(path.join(ws.dir, "mappings.yaml"), seed, { customers, keepServicePrincipal });
  /** What the run changed in one tenant, in order: consent, principal, link. */
  const writesIn = (n: number) =>
    emulator.control.requestLog
      // Partner Center names the customer in its path; Graph and Rewst calls are logged under it.
      .filter(
        (e) =>
          e.write &&
          (e.tenant === tenant(n) || e.path.toLowerCase().includes(tenant(n))) &&
          !e.route.startsWith("identity."),
      )
      .map((e) => (e.operation ? `${e.route}:${e.operation}` : e.route));

  useEmulatorStack({ seed, workspace: (e) => emulatorWorkspace("mappings", STACK, e) }, async (started) => {
    ({ emulator, ws } = started);
    writeFile([1, 2, 3, 4, 5, 6]);
    await ws.pulumiOk(["up", "--yes", "--skip-preview", "--stack", STACK]);
    for (const n of [1, 2, 3, 4, 5, 6]) {
      expect(consented(n)).toBe(true);
      expect(linked(n)).toEqual([seed.rewst.organizations[n - 1].id]);
    }
  });

  test("three customers removed: consent, then principal, then link go for each; the rest is untouched", async () => {
    writeFile([1, 2, 3]);
    emulator.control.requestLog.length = 0;
    await ws.pulumiOk(["up", "--yes", "--skip-preview", "--stack", STACK]);
    for (const n of [4, 5, 6]) {
      expect({ n, consented: consented(n), principal: principal(n), linked: linked(n) }).toEqual({
        n,
        consented: false,
        principal: undefined,
        linked: [],
      });
      expect(writesIn(n)).toEqual([
        "partnerCenter.applicationConsents.delete",
        "graph.servicePrincipals.delete",
        "rewst.graphql:unlinkMicrosoftCSPCustomer",
      ]);
    }
    for (const n of [1, 2, 3]) {
      expect(writesIn(n)).toEqual([]);
      expect(consented(n)).toBe(true);
    }
    expect((await ws.pulumi(["preview", "--refresh", "--expect-no-changes", "--stack", STACK])).code).toBe(0);
  });

  test("with keepServicePrincipal, a removed customer loses consent and link but keeps the principal", async () => {
    writeFile([1, 2, 3], true);
    emulator.control.requestLog.length = 0;
    await ws.pulumiOk(["up", "--yes", "--skip-preview", "--stack", STACK]);
    // Recorded in state only: no call to any service.
    expect(emulator.control.requestLog.filter((e) => e.write && !e.route.startsWith("identity."))).toEqual(
      [],
    );

    writeFile([1, 2], true);
    emulator.control.requestLog.length = 0;
    await ws.pulumiOk(["up", "--yes", "--skip-preview", "--stack", STACK]);
    expect(writesIn(3)).toEqual([
      "partnerCenter.applicationConsents.delete",
      "rewst.graphql:unlinkMicrosoftCSPCustomer",
    ]);
    expect({ consented: consented(3), linked: linked(3) }).toEqual({ consented: false, linked: [] });
    expect(principal(3)).toBeDefined();
  });
});
