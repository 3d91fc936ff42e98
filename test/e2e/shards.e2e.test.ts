/**
 * A fleet split across two stacks of one project (the mappings file's `shards:`), on the real
 * engine: each stack applies only its customers, the drift check with the policy pack passes on
 * both (the shard that does not manage Rewst Prod reads it), a stack the file does not list is
 * refused, and moving a customer to the other shard never revokes its consent or link (the shard it
 * left forgets it).
 */
import * as path from "path";

import { writeSeedMappings } from "../../emulator/seedMappings";
import type { RunningEmulator } from "../../emulator/server";
import { IMMEDIATE_CONSISTENCY, generateSeed } from "../../emulator/state/seed";
import { shardOf } from "../../provider/mappings/shards";
import { configureForEmulator, emulatorWorkspace } from "./support/cspStack";
import { REPO_ROOT } from "./support/engine";
import type { PulumiWorkspace } from "./support/workspace";
import { useEmulatorStack } from "./support/emulatorStack";

jest.setTimeout(300_000);

const SHARDS = ["fleet-00", "fleet-01"];
const PACK = path.join(REPO_ROOT, "policies");
const seed = generateSeed({ customerCount: 6, options: IMMEDIATE_CONSISTENCY });

function writeMappings(ws: PulumiWorkspace, pins: Record<number, string> = {}): void {
  writeSeedMappings(path.join(ws.dir, "mappings.yaml"), seed, { shards: SHARDS, pins });
}

interface StateResource {
  type: string;
  urn: string;
  external?: boolean;
  inputs?: { customerTenantId?: string };
}
const resourcesOf = (ws: PulumiWorkspace, stack: string): StateResource[] =>
  (
    JSON.parse(ws.rawStateFile("mappings-fixture", stack)) as {
      checkpoint: { latest: { resources: StateResource[] } };
    }
  ).checkpoint.latest.resources;
const consentTenants = (ws: PulumiWorkspace, stack: string) =>
  resourcesOf(ws, stack)
    .filter((r) => r.type.endsWith(":CpvConsent"))
    .map((r) => r.inputs!.customerTenantId!)
    .sort();

describe("a fleet in two shards", () => {
  let emulator: RunningEmulator;
  let ws: PulumiWorkspace;
  const home = seed.customers.map((c) => shardOf(c, SHARDS));
  // A customer of the first shard, to move to the second.
  const moved = home.indexOf("fleet-00");

  useEmulatorStack(
    { seed, workspace: (e) => emulatorWorkspace("mappings", SHARDS[0], e) },
    async (started) => {
      ({ emulator, ws } = started);
      await ws.pulumiOk(["stack", "init", SHARDS[1]]);
      await configureForEmulator(ws, SHARDS[1], emulator);
      writeMappings(ws);
    },
  );

  it("each stack applies its own customers, every customer exactly once", async () => {
    expect(new Set(home)).toEqual(new Set(SHARDS));
    for (const stack of SHARDS) await ws.pulumiOk(["up", "--yes", "--skip-preview", "--stack", stack]);
    const declared = SHARDS.map((stack) => consentTenants(ws, stack));
    SHARDS.forEach((stack, s) =>
      expect(declared[s]).toEqual(
        seed.customers
          .filter((_, i) => home[i] === stack)
          .map((c) => c.tenantId)
          .sort(),
      ),
    );
    // The second shard reads Rewst Prod; only the first manages it.
    const rewstProd = (stack: string) =>
      resourcesOf(ws, stack).find((r) => r.type.endsWith(":EnterpriseApplication"));
    expect(rewstProd(SHARDS[0])?.external).toBeFalsy();
    expect(rewstProd(SHARDS[1])?.external).toBe(true);
    const customerTenants = new Set(seed.customers.map((c) => c.tenantId));
    const consented = emulator.control
      .exportState()
      .grants.filter((g) => g.consentType === "AllPrincipals" && customerTenants.has(g.tenantId));
    expect(new Set(consented.map((g) => g.tenantId))).toEqual(customerTenants);
  });

  it("the drift check with the policy pack passes on both shards", async () => {
    for (const stack of SHARDS)
      await ws.pulumiOk([
        "preview",
        "--refresh",
        "--expect-no-changes",
        "--policy-pack",
        PACK,
        "--stack",
        stack,
      ]);
  });

  it("a stack the file does not list is refused before anything is declared", async () => {
    await ws.pulumiOk(["stack", "init", "prod"]);
    const result = await ws.pulumi(["preview", "--stack", "prod"]);
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(
      /SHARD_NOT_LISTED\] mappings\.yaml splits the fleet across the stacks fleet-00, fleet-01/,
    );
  });

  it("a customer pinned to the other shard keeps its consent and link: the shard it left forgets them, writing nothing", async () => {
    writeMappings(ws, { [moved]: SHARDS[1] });
    const tenant = seed.customers[moved].tenantId;
    // The shard it left runs first: the customer is still in the file, so its resources are
    // forgotten there, never revoked or unlinked.
    emulator.control.requestLog.length = 0;
    await ws.pulumiOk(["up", "--yes", "--skip-preview", "--stack", SHARDS[0]]);
    expect(emulator.control.requestLog.filter((r) => r.write && r.route !== "identity.token")).toEqual([]);
    expect(consentTenants(ws, SHARDS[0])).not.toContain(tenant);
    const state = emulator.control.exportState();
    expect(state.grants.some((g) => g.tenantId === tenant && g.consentType === "AllPrincipals")).toBe(true);
    expect(state.rewst.cspCustomers.find((c) => c.tenantId === tenant)?.linkedOrganizationIds).toEqual([
      seed.rewst.organizations[moved].id,
    ]);

    // The new shard adopts the consent and link in place.
    await ws.pulumiOk(["up", "--yes", "--skip-preview", "--stack", SHARDS[1]]);
    expect(consentTenants(ws, SHARDS[1])).toContain(tenant);
    expect(emulator.control.requestLog.filter((r) => r.write && r.route !== "identity.token")).toEqual([]);
    for (const stack of SHARDS)
      await ws.pulumiOk(["preview", "--refresh", "--expect-no-changes", "--stack", stack]);
  });
});
