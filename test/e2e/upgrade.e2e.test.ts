/**
 * Upgrading over a stack made by the previous release, which named mappings `<customer>-<org>`:
 * the mappings keep their links (aliases carry them to `org-<org>`), with no change planned and no
 * write. Without the aliases, `up` would create the new names (adopting the links) and then delete
 * the old ones, unlinking every organization.
 */
import * as fs from "fs";
import * as path from "path";

import { type RunningEmulator, startEmulator } from "../../emulator/server";
import { IMMEDIATE_CONSISTENCY, generateSeed } from "../../emulator/state/seed";
import { emulatorWorkspace } from "./support/cspStack";
import type { PulumiWorkspace } from "./support/workspace";

jest.setTimeout(300_000);

const STACK = "upgrade";

describe("mappings named by an earlier release", () => {
  const seed = generateSeed({ customerCount: 2, options: IMMEDIATE_CONSISTENCY });
  let emulator: RunningEmulator;
  let ws: PulumiWorkspace;
  beforeAll(async () => {
    emulator = await startEmulator({ seed });
    ws = await emulatorWorkspace("mappings", STACK, emulator);
    fs.writeFileSync(
      path.join(ws.dir, "mappings.yaml"),
      `customers:\n${seed.customers
        .map(
          (c, i) =>
            `  - { name: c${i + 1}, tenantId: ${c.tenantId}, organizations: [${seed.rewst.organizations[i].id}] }`,
        )
        .join("\n")}\n`,
    );
  });
  afterAll(async () => {
    await emulator.stop();
    ws?.dispose();
  });

  test("keep their links through the upgrade: no change, no write", async () => {
    // The previous release: mappings named by customer and organization, no aliases.
    const program = path.join(
      ws.dir,
      "node_modules/pulumi-rewst-csp/dist/provider/stack/declareFromMappings.js",
    );
    const current = fs.readFileSync(program, "utf8");
    const previous = current
      .replace("`org-${organizationId}`", "`${customer.name}-${organizationId}`")
      .replace("{ aliases: [{ name: `${customer.name}-${organizationId}` }] }", "undefined");
    expect(previous).not.toBe(current);
    fs.writeFileSync(program, previous);
    await ws.pulumiOk(["up", "--yes", "--skip-preview", "--stack", STACK]);
    expect((await ws.pulumiOk(["stack", "export", "--stack", STACK])).stdout).toMatch(/ClientMapping::c1-/);

    ws.installPackage("0.1.0-e2e");
    emulator.control.requestLog.length = 0;
    await ws.pulumiOk(["preview", "--expect-no-changes", "--stack", STACK]);
    await ws.pulumiOk(["up", "--yes", "--skip-preview", "--stack", STACK]);
    expect(emulator.control.requestLog.filter((e) => e.write && e.route !== "identity.token")).toEqual([]);
    expect((await ws.pulumiOk(["stack", "export", "--stack", STACK])).stdout).toMatch(/ClientMapping::org-/);
    const linked = emulator.control.exportState().rewst.cspCustomers.map((c) => c.linkedOrganizationIds);
    expect(linked).toEqual(seed.rewst.organizations.slice(0, 2).map((o) => [o.id]));
  });
});
