/**
 * Upgrading over a stack made by earlier releases, which named mappings `<customer>-<org>` and
 * consents `<customer>-consent` and recorded no declaring file: aliases carry them to `org-<org>`
 * and `consent-<tenant>` with no replacement and no write; the first `up` records the file (a
 * state-only update). Without the aliases, `up` would create the new names (adopting the links and
 * consents) and then delete the old ones, unlinking every organization.
 */
import * as fs from "fs";
import * as path from "path";

import type { RunningEmulator } from "../../emulator/server";
import { DEFAULT_IDENTITIES as ids, IMMEDIATE_CONSISTENCY, generateSeed } from "../../emulator/state/seed";
import { WELL_KNOWN_APP_IDS } from "../../provider/contracts/identity";
import { emulatorWorkspace } from "./support/cspStack";
import type { PulumiWorkspace } from "./support/workspace";
import { useEmulatorStack } from "./support/emulatorStack";

jest.setTimeout(300_000);

const STACK = "upgrade";

describe("mappings named by an earlier release", () => {
  const seed = generateSeed({ customerCount: 2, options: IMMEDIATE_CONSISTENCY });
  let emulator: RunningEmulator;
  let ws: PulumiWorkspace;
  useEmulatorStack({ seed, workspace: (e) => emulatorWorkspace("mappings", STACK, e) }, (started) => {
    ({ emulator, ws } = started);
    fs.writeFileSync(
      path.join(ws.dir, "mappings.yaml"),
      `customers:\n${seed.customers
        .map(
          (c, i) =>
            `  - { name: c${i + 1}, tenantId: ${c.tenantId}, organizations: [${seed.rewst.organizations[i].id}]${
              i === 0 ? ", consent: { grantProfile: connector }" : ""
            } }`,
        )
        .join("\n")}\n` +
        `consentDefaults: { applicationId: ${ids.rewstCspConnectorAppId}, displayName: Rewst CSP Connector }\n` +
        `grantProfiles: { connector: [{ enterpriseApplicationId: ${WELL_KNOWN_APP_IDS.microsoftGraph}, scopes: [User.Read] }] }\n`,
    );
  });

  test("keep their links and consents through the upgrade: no replacement, no write", async () => {
    // Earlier releases: mappings and consents named by customer, no aliases, no declaring file.
    const program = path.join(
      ws.dir,
      "node_modules/pulumi-rewst-csp/dist/provider/stack/declareFromMappings.js",
    );
    const current = fs.readFileSync(program, "utf8");
    const earlier: [string, string][] = [
      ["`org-${organizationId}`", "`${customer.name}-${organizationId}`"],
      ["aliases: [{ name: `${customer.name}-${organizationId}` }]", "aliases: []"],
      ["`consent-${customer.tenantId}`", "`${customer.name}-consent`"],
      ["aliases: [{ name: `${customer.name}-consent` }]", "aliases: []"],
      ["{ mappingsFile, shard: selection.shard ?? pulumi.getStack() }", "undefined"],
    ];
    for (const [from] of earlier) expect(current).toContain(from);
    const previous = earlier.reduce((text, [from, to]) => text.replace(from, to), current);
    expect(previous).not.toBe(current);
    fs.writeFileSync(program, previous);
    await ws.pulumiOk(["up", "--yes", "--skip-preview", "--stack", STACK]);
    expect((await ws.pulumiOk(["stack", "export", "--stack", STACK])).stdout).toMatch(/ClientMapping::c1-/);

    ws.installPackage("0.1.0-e2e");
    emulator.control.requestLog.length = 0;
    // The plan records the declaring file in state: updates only, nothing created, deleted or replaced.
    const plan = JSON.parse((await ws.pulumiOk(["preview", "--json", "--stack", STACK])).stdout) as {
      steps: { op: string; urn: string }[];
    };
    expect(new Set(plan.steps.map((step) => step.op))).toEqual(new Set(["same", "update"]));
    await ws.pulumiOk(["up", "--yes", "--skip-preview", "--stack", STACK]);
    expect(emulator.control.requestLog.filter((e) => e.write && e.route !== "identity.token")).toEqual([]);
    await ws.pulumiOk(["preview", "--expect-no-changes", "--stack", STACK]);
    const exported = (await ws.pulumiOk(["stack", "export", "--stack", STACK])).stdout;
    expect(exported).toMatch(/ClientMapping::org-/);
    expect(exported).toContain(`CpvConsent::consent-${seed.customers[0].tenantId}`);
    const linked = emulator.control.exportState().rewst.cspCustomers.map((c) => c.linkedOrganizationIds);
    expect(linked).toEqual(seed.rewst.organizations.slice(0, 2).map((o) => [o.id]));
  });

  test("a stack of the release before the recorded drift verdict: no plan, no write, the verdict recorded by refresh", async () => {
    // That release's state is this one's without `drift`: the provider object and every other output
    // are the same. Written back with `stack import`, as an upgrade finds it.
    const state = JSON.parse((await ws.pulumiOk(["stack", "export", "--stack", STACK])).stdout) as {
      deployment: { resources: { type: string; outputs?: Record<string, unknown> }[] };
    };
    const consents = state.deployment.resources.filter((r) => r.type.endsWith(":CpvConsent"));
    expect(consents).toHaveLength(1);
    for (const consent of consents) {
      expect(consent.outputs).toHaveProperty("drift.principal", "present");
      delete consent.outputs?.drift;
    }
    const file = path.join(ws.dir, "earlier-state.json");
    fs.writeFileSync(file, JSON.stringify(state));
    await ws.pulumiOk(["stack", "import", "--file", file, "--stack", STACK]);
    emulator.control.requestLog.length = 0;
    await ws.pulumiOk(["preview", "--expect-no-changes", "--stack", STACK]);
    await ws.pulumiOk(["preview", "--refresh", "--expect-no-changes", "--stack", STACK]);
    await ws.pulumiOk(["up", "--yes", "--refresh", "--expect-no-changes", "--stack", STACK]);
    expect(emulator.control.requestLog.filter((e) => e.write && e.route !== "identity.token")).toEqual([]);
    expect((await ws.pulumiOk(["stack", "export", "--stack", STACK])).stdout).toContain('"drift"');
  });
});
