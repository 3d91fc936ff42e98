/**
 * The fault mix at 200 customers on the real engine: 10 % throttling (429), 3 % server errors and
 * 1 % dropped connections on every route, token endpoint included. `pulumi up` ends with no failed
 * resource, no duplicate, and the tenants and Rewst equal to the declaration.
 */
import type { RunningEmulator } from "../../emulator/server";
import { DEFAULT_IDENTITIES as ids, generateSeed } from "../../emulator/state/seed";
import { connectorCustomer, cspWorkspace, setFixture } from "./support/cspStack";
import type { PulumiWorkspace } from "./support/workspace";
import { useEmulatorStack } from "./support/emulatorStack";

jest.setTimeout(900_000);

const STACK = "faults";
const CONNECTOR = ids.rewstCspConnectorAppId;
const COUNT = 200;
const SCOPES = ["Directory.Read.All", "User.Read"];

describe("fault mix", () => {
  // The emulator's default replication delays, as the real services have them: a kill or a fault
  // lands while grants and principals are still propagating.
  const seed = generateSeed({ customerCount: COUNT });
  let emulator: RunningEmulator;
  let ws: PulumiWorkspace;

  useEmulatorStack({ seed, workspace: (e) => cspWorkspace(STACK, e) }, async (started) => {
    ({ emulator, ws } = started);
    await setFixture(
      ws,
      STACK,
      "customers",
      seed.customers.map((c, i) =>
        connectorCustomer(i + 1, c.tenantId, SCOPES, seed.rewst.organizations[i].id),
      ),
    );
  });

  test(`${COUNT} customers converge through 10 % 429, 3 % 5xx and 1 % dropped connections`, async () => {
    emulator.control.setFaults([
      { route: ".", kind: "drop", probability: 0.01 },
      { route: ".", kind: "status", status: 503, probability: 0.03 / 0.99 },
      { route: ".", kind: "status", status: 429, retryAfterSeconds: 0.2, probability: 0.1 / (0.99 * 0.97) },
    ]);
    const up = await ws.pulumi(["up", "--yes", "--skip-preview", "--stack", STACK], 840_000);
    const faults = emulator.control.faults.map((f) => f.hits);
    emulator.control.setFaults([]);
    expect({ code: up.code, failures: up.output.match(/error: .*/g) ?? [] }).toEqual({
      code: 0,
      failures: [],
    });
    expect(up.output).toMatch(new RegExp(`\\+ ${2 * COUNT + 1} created`));
    // Every kind of fault happened many times.
    expect(faults.every((hits) => hits > 10)).toBe(true);

    const state = emulator.control.exportState();
    const problems: string[] = [];
    seed.customers.forEach((c, i) => {
      const links = state.rewst.cspCustomers.find((x) => x.tenantId === c.tenantId)!.linkedOrganizationIds;
      if (JSON.stringify(links) !== JSON.stringify([seed.rewst.organizations[i].id]))
        problems.push(`c${i + 1}: linked ${JSON.stringify(links)}`);
      const principals = state.servicePrincipals.filter(
        (p) => p.tenantId === c.tenantId && p.appId === CONNECTOR,
      );
      const grants = state.grants.filter(
        (g) => principals.some((p) => p.id === g.clientId) && g.deletedAt === null,
      );
      if (
        principals.length !== 1 ||
        JSON.stringify(grants.map((g) => g.scope)) !== JSON.stringify([SCOPES.join(" ")])
      )
        problems.push(
          `c${i + 1}: ${principals.length} principals, grants ${JSON.stringify(grants.map((g) => g.scope))}`,
        );
    });
    expect(problems).toEqual([]);
    await ws.pulumiOk(["preview", "--refresh", "--expect-no-changes", "--stack", STACK]);
  });
});
