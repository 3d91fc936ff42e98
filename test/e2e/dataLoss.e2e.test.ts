/**
 * Ordinary changes a platform team makes to its mappings file over months, on the real engine,
 * judged by ground truth (the emulator's request log and state), never by the tool's own output:
 * renaming a customer, swapping two tenant ids, re-importing after a company rename, sharding a
 * single-stack file, retiring the old stack with `pulumi destroy`, renaming the file together with
 * a move, and losing the file. None of them may revoke a consent, delete a principal or unlink an organization; each declared tenant
 * keeps its consent with the same principal. Offboarding keeps a principal the consent did not
 * create; declaring the partner tenant is refused before any write.
 */
import * as fs from "fs";
import * as path from "path";

import { parse, stringify } from "yaml";

import { seedMappings } from "../../emulator/seedMappings";
import type { RunningEmulator } from "../../emulator/server";
import { DEFAULT_IDENTITIES as ids, IMMEDIATE_CONSISTENCY, generateSeed } from "../../emulator/state/seed";
import type { MappingsFileInput } from "../../provider/mappings/schema";
import { shardOf } from "../../provider/mappings/shards";
import { configureForEmulator, emulatorWorkspace } from "./support/cspStack";
import type { PulumiWorkspace } from "./support/workspace";
import { useEmulatorStack } from "./support/emulatorStack";
import { ERROR_HINTS } from "../../provider/errors";

jest.setTimeout(600_000);

const CONNECTOR = ids.rewstCspConnectorAppId;
const SHARDS = ["fleet-00", "fleet-01"];
/** What takes access away: a revocation through either channel, a principal or grant deleted, an unlink. */
const DESTRUCTIVE = new Set([
  "partnerCenter.applicationConsents.delete",
  "graph.servicePrincipals.delete",
  "graph.oauth2PermissionGrants.delete",
  "rewst.microsoftCSPConsentRequest.REVOKE",
]);

describe("ordinary moves never take a customer's access away", () => {
  const seed = generateSeed({
    customerCount: 6,
    options: IMMEDIATE_CONSISTENCY,
    // Customer 6's connector principal was there before any consent of ours.
    customers: { 6: { servicePrincipals: [{ appId: CONNECTOR, displayName: "Rewst CSP Connector" }] } },
  });
  const tenant = (n: number) => seed.customers[n - 1].tenantId;
  const org = (n: number) => seed.rewst.organizations[n - 1].id;
  let emulator: RunningEmulator;
  let ws: PulumiWorkspace;
  /** Principal object id per customer after the first `up`: every later check compares with it. */
  const principals = new Map<number, string>();

  const state = () => emulator.control.exportState();
  const principalOf = (n: number) =>
    state().servicePrincipals.find((sp) => sp.tenantId === tenant(n) && sp.appId === CONNECTOR)?.id;
  const destructive = () =>
    emulator.control.requestLog
      .filter(
        (e) => DESTRUCTIVE.has(e.route) || (e.route === "rewst.graphql" && e.operation?.startsWith("unlink")),
      )
      .map((e) => {
        const where = seed.customers.findIndex(
          (c) => e.tenant === c.tenantId || e.path.toLowerCase().includes(c.tenantId),
        );
        return `${e.operation ?? e.route} customer ${where + 1}`;
      });
  /** Ground truth for the customers still declared: consented, same principal, linked. */
  const expectIntact = (customers: number[]) => {
    const s = state();
    for (const n of customers) {
      const sp = principalOf(n);
      expect({ n, principal: sp }).toEqual({ n, principal: principals.get(n) });
      expect({
        n,
        consented: s.grants.some(
          (g) => g.clientId === sp && g.consentType === "AllPrincipals" && g.deletedAt === null,
        ),
      }).toEqual({ n, consented: true });
      expect({
        n,
        linked: s.rewst.cspCustomers.find((c) => c.tenantId === tenant(n))?.linkedOrganizationIds,
      }).toEqual({
        n,
        linked: [org(n)],
      });
    }
  };
  const baseFile = (): MappingsFileInput => seedMappings(seed, {});
  const write = (file: MappingsFileInput, name = "mappings.yaml") =>
    fs.writeFileSync(path.join(ws.dir, name), stringify(file));
  const up = (stack: string) => ws.pulumiOk(["up", "--yes", "--skip-preview", "--stack", stack]);
  const clearLog = () => (emulator.control.requestLog.length = 0);
  const ALL = [1, 2, 3, 4, 5, 6];

  useEmulatorStack({ seed, workspace: (e) => emulatorWorkspace("mappings", "prod", e) }, async (started) => {
    ({ emulator, ws } = started);
    write(baseFile());
    const preexisting = principalOf(6);
    expect(preexisting).toBeDefined();
    await up("prod");
    for (const n of ALL) principals.set(n, principalOf(n)!);
    // Adopted, not re-created.
    expect(principals.get(6)).toBe(preexisting);
    expectIntact(ALL);
  });

  test("renaming a customer is not a revocation", async () => {
    const file = baseFile();
    file.customers[1].name = "customer-two";
    write(file);
    clearLog();
    await up("prod");
    expect(destructive()).toEqual([]);
    expectIntact(ALL);
  });

  test("swapping two customers' tenant ids (a typo fixed) is not a revocation", async () => {
    const file = baseFile();
    file.customers[1].name = "customer-two";
    const [third, fourth] = [file.customers[2], file.customers[3]];
    file.customers[2] = { ...fourth, name: third.name };
    file.customers[3] = { ...third, name: fourth.name };
    write(file);
    clearLog();
    await up("prod");
    expect(destructive()).toEqual([]);
    expectIntact(ALL);
  });

  test("re-importing with --force after a company rename renames nothing and revokes nothing", async () => {
    emulator.control.drift({ kind: "renameCompany", tenantId: tenant(5), companyName: "Five Holdings plc" });
    const file = path.join(ws.dir, "mappings.yaml");
    const names = () =>
      (parse(fs.readFileSync(file, "utf8")) as MappingsFileInput).customers.map((c) => c.name);
    const before = names();
    const imported = await ws.rewstCsp(["import", "--stack", "prod", "--out", "mappings.yaml", "--force"]);
    expect({ code: imported.code, stderr: imported.stderr }).toMatchObject({ code: 0 });
    expect(imported.stderr).toContain("nothing removed, so nothing would be revoked");
    expect(names()).toEqual(before);
    clearLog();
    await up("prod");
    expect(destructive()).toEqual([]);
    expectIntact(ALL);
  });

  test("a single-stack file split into shards: every shard adopts its customers, nothing is revoked", async () => {
    write({ ...baseFile(), shards: SHARDS });
    for (const stack of SHARDS) {
      await ws.pulumiOk(["stack", "init", stack]);
      await configureForEmulator(ws, stack, emulator);
    }
    clearLog();
    for (const stack of SHARDS) await up(stack);
    expect(destructive()).toEqual([]);
    expectIntact(ALL);
    // The old stack is no shard of the file: its program refuses before declaring anything.
    const old = await ws.pulumi(["preview", "--stack", "prod"]);
    expect(old.output).toContain("SHARD_NOT_LISTED");
  });

  test("retiring the old stack with pulumi destroy forgets what the shards manage now", async () => {
    clearLog();
    await ws.pulumiOk(["destroy", "--yes", "--skip-preview", "--stack", "prod"]);
    expect(destructive()).toEqual([]);
    expectIntact(ALL);
    await ws.pulumiOk(["stack", "rm", "--yes", "--stack", "prod"]);
  });

  test("renaming the mappings file together with a move to the other shard is not a revocation", async () => {
    const movedIndex = seed.customers.findIndex((c) => shardOf(c, SHARDS) === SHARDS[0]);
    const file: MappingsFileInput = { ...baseFile(), shards: SHARDS };
    file.customers[movedIndex] = { ...file.customers[movedIndex], shard: SHARDS[1] };
    fs.rmSync(path.join(ws.dir, "mappings.yaml"));
    write(file, "customers.yaml");
    clearLog();
    for (const stack of SHARDS) {
      await ws.pulumiOk(["config", "set", "--stack", stack, "mappingsFile", "customers.yaml"]);
      await up(stack);
    }
    expect(destructive()).toEqual([]);
    expectIntact(ALL);
    for (const stack of SHARDS)
      await ws.pulumiOk(["preview", "--refresh", "--expect-no-changes", "--stack", stack]);
  });

  test("a mappings file that cannot be read at delete time refuses, writing nothing", async () => {
    const kept = fs.readFileSync(path.join(ws.dir, "customers.yaml"), "utf8");
    fs.rmSync(path.join(ws.dir, "customers.yaml"));
    clearLog();
    const destroyed = await ws.pulumi(["destroy", "--yes", "--skip-preview", "--stack", SHARDS[1]]);
    expect(destroyed.code).not.toBe(0);
    expect(destroyed.output).toContain("MAPPINGS_UNREADABLE");
    expect(destroyed.output).toContain("nothing was revoked or unlinked");
    // What the engine shows carries the error's hint, and each line the message once (also the
    // dynamic provider host's own log of the error).
    const hint = `What to do: ${ERROR_HINTS.MAPPINGS_UNREADABLE}`;
    const failing = destroyed.output.split("\n").filter((line) => line.includes("[MAPPINGS_UNREADABLE]"));
    expect(failing.length).toBeGreaterThan(0);
    expect(failing.every((line) => line.split(hint).length === 2)).toBe(true);
    fs.writeFileSync(path.join(ws.dir, "customers.yaml"), "customers: [ {");
    const invalid = await ws.pulumi(["destroy", "--yes", "--skip-preview", "--stack", SHARDS[1]]);
    expect(invalid.output).toContain("MAPPINGS_UNREADABLE");
    expect(emulator.control.requestLog.filter((e) => e.write && e.route !== "identity.token")).toEqual([]);
    expectIntact(ALL);
    fs.writeFileSync(path.join(ws.dir, "customers.yaml"), kept);
    for (const stack of SHARDS) await up(stack);
    expect(destructive()).toEqual([]);
  });

  test("offboarding a customer whose connector principal was there before keeps that principal", async () => {
    const file: MappingsFileInput = { ...baseFile(), shards: SHARDS };
    file.customers = file.customers.filter((c) => c.tenantId !== tenant(6));
    write(file, "customers.yaml");
    clearLog();
    for (const stack of SHARDS) await up(stack);
    expect(destructive()).toEqual([
      "partnerCenter.applicationConsents.delete customer 6",
      "unlinkMicrosoftCSPCustomer customer 6",
    ]);
    expect(principalOf(6)).toBe(principals.get(6));
    expectIntact([1, 2, 3, 4, 5]);
  });

  test("the partner tenant declared as a customer is refused before any write", async () => {
    const file: MappingsFileInput = { ...baseFile(), shards: SHARDS };
    file.customers = [
      ...file.customers.filter((c) => c.tenantId !== tenant(6)),
      { name: "ourselves", tenantId: ids.partnerTenantId, organizations: [], consent: {}, shard: SHARDS[0] },
    ];
    write(file, "customers.yaml");
    clearLog();
    const result = await ws.pulumi(["up", "--yes", "--skip-preview", "--stack", SHARDS[0]]);
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(
      /customers\[5\]\.tenantId is .*the tenant of a declared enterprise application/,
    );
    expect(emulator.control.requestLog.filter((e) => e.write && e.route !== "identity.token")).toEqual([]);
    expectIntact([1, 2, 3, 4, 5]);
  });
});
