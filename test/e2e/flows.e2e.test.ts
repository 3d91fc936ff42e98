/**
 * The platform team's flows on the real engine: bootstrap a mappings file from what exists
 * (`rewst-csp import`) so the next `pulumi up` adopts everything with zero writes; the pull-request
 * drift report (`rewst-csp report`) in Markdown and JSON with its exit codes; and a malformed
 * mappings file that stops everything before a write.
 */
import { randomUUID } from "crypto";
import * as fs from "fs";
import * as path from "path";

import { parse, stringify } from "yaml";

import { type RunningEmulator, startEmulator } from "../../emulator/server";
import { DEFAULT_IDENTITIES as ids, generateSeed } from "../../emulator/state/seed";
import { WELL_KNOWN_APP_IDS } from "../../provider/contracts/identity";
import type { DriftReport } from "../../provider/cli/reportModel";
import { emulatorSettings } from "../support/emulatorConfig";
import { REPO_ROOT } from "./support/engine";
import { emulatorWorkspace } from "./support/cspStack";
import type { PulumiWorkspace } from "./support/workspace";
import { providerSession } from "../../provider/session/session";

jest.setTimeout(300_000);

const STACK = "flows";
const CONNECTOR = ids.rewstCspConnectorAppId;
const GRAPH = WELL_KNOWN_APP_IDS.microsoftGraph;

describe("import, report and a malformed mappings file", () => {
  // Customers 1-3 hold app roles of Microsoft Graph: the default GDAP roles include Privileged Role
  // Administrator, which gdap-role-coverage asks for.
  const seed = generateSeed({ customerCount: 7 });
  const tenant = (n: number) => seed.customers[n - 1].tenantId;
  let emulator: RunningEmulator;
  let ws: PulumiWorkspace;
  const writes = () => emulator.control.requestLog.filter((e) => e.write);

  beforeAll(async () => {
    emulator = await startEmulator({ seed });
    // The world as an MSP made it by hand: customers 1-4 linked in Rewst, 1-3 consented.
    const lookup = emulatorSettings(emulator);
    const { client } = providerSession(lookup).rewst;
    for (let n = 1; n <= 4; n++) {
      const customer = await client.customerByTenant(ids.rewstCspPackConfigId, tenant(n));
      await client.link(ids.rewstCspPackConfigId, customer!.id, [seed.rewst.organizations[n - 1].id]);
    }
    const ms = providerSession(lookup).microsoft;
    for (let n = 1; n <= 3; n++) {
      await ms.partnerCenter.createConsent(
        tenant(n),
        {
          applicationId: CONNECTOR,
          displayName: "Rewst CSP Connector",
          applicationGrants: [{ enterpriseApplicationId: GRAPH, scope: "Directory.Read.All,User.Read" }],
        },
        randomUUID(),
      );
    }
    // An admin also gave the connector an app role in each: import must keep it, or the next up
    // would take it away.
    for (let n = 1; n <= 3; n++)
      emulator.control.drift({
        kind: "editAppRole",
        change: "add",
        tenantId: tenant(n),
        clientAppId: CONNECTOR,
        resourceAppId: GRAPH,
        role: "Directory.Read.All",
      });
    // Customer 7 was consented through Rewst, then its connector was deleted in the tenant.
    await client.consent("CREATE", ids.rewstCspPackConfigId, [tenant(7)], []);
    emulator.control.drift({ kind: "deleteServicePrincipal", tenantId: tenant(7), appId: CONNECTOR });
    ws = await emulatorWorkspace("mappings", STACK, emulator);
  });
  afterAll(async () => {
    await emulator.stop();
    ws?.dispose();
  });

  test("import writes the mappings file; the next up adopts everything with zero writes", async () => {
    emulator.control.requestLog.length = 0;
    const imported = await ws.rewstCsp(["import", "--stack", STACK, "--out", "mappings.yaml"]);
    expect(imported.stderr).toContain("import: [7/7] observed 3 consents of Rewst CSP Connector");
    expect(imported.stderr).toContain(
      `import: warning: Customer 007 Ltd (${tenant(7)}): Rewst shows consent, but Rewst CSP Connector has no service principal with grants there; consent left out`,
    );
    expect(imported.code).toBe(0);
    expect(writes()).toEqual([]);

    const file = parse(fs.readFileSync(path.join(ws.dir, "mappings.yaml"), "utf8")) as {
      consentDefaults: Record<string, string>;
      grantProfiles: Record<
        string,
        { enterpriseApplicationId: string; scopes: string[]; appRoles?: string[] }[]
      >;
      enterpriseApplications: { name: string; applicationId: string }[];
      customers: { name: string; tenantId: string; organizations: string[]; consent?: object }[];
    };
    expect(file.consentDefaults).toMatchObject({ applicationId: CONNECTOR, grantProfile: "connector" });
    expect(file.grantProfiles.connector).toEqual([
      {
        enterpriseApplicationId: GRAPH,
        scopes: ["Directory.Read.All", "User.Read"],
        appRoles: ["Directory.Read.All"],
      },
    ]);
    expect(file.enterpriseApplications).toEqual([
      { name: "rewst-prod", tenantId: ids.partnerTenantId, applicationId: ids.rewstProdAppId },
    ]);
    expect(file.customers.map((c) => [c.name, c.organizations.length, c.consent !== undefined])).toEqual([
      ["customer-001-ltd", 1, true],
      ["customer-002-ltd", 1, true],
      ["customer-003-ltd", 1, true],
      ["customer-004-ltd", 1, false],
      ["customer-005-ltd", 0, false],
      ["customer-006-ltd", 0, false],
      ["customer-007-ltd", 0, false],
    ]);

    emulator.control.requestLog.length = 0;
    const up = await ws.pulumiOk(["up", "--yes", "--skip-preview", "--stack", STACK]);
    // 4 mappings, 3 consents and Rewst Prod, all adopted.
    expect(up.output).toMatch(/\+ 9 created/);
    expect(writes()).toEqual([]);
    await ws.pulumiOk(["preview", "--refresh", "--expect-no-changes", "--stack", STACK]);
  });

  test("import never replaces a file unasked, nor writes a partial result; rotate-token renews the secret", async () => {
    const out = path.join(ws.dir, "mappings.yaml");
    const reviewed = fs.readFileSync(out, "utf8");
    const again = await ws.rewstCsp(["import", "--stack", STACK, "--out", "mappings.yaml"]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("import: against mappings.yaml: no customer changes");
    expect(again.stderr).toMatch(/mappings\.yaml exists; pass --force/);

    // One tenant cannot be read: its consent would vanish from the file, so nothing is written.
    emulator.control.setFaults([
      {
        route: "^graph\\.servicePrincipals\\.byAppId$",
        kind: "status",
        status: 403,
        probability: 1,
        times: 1,
      },
    ]);
    const partial = await ws.rewstCsp(["import", "--stack", STACK, "--out", "mappings.yaml", "--force"]);
    emulator.control.setFaults([]);
    expect(partial.code).toBe(4);
    expect(partial.stderr).toMatch(/the tenant cannot be observed/);
    expect(partial.stderr).toContain("against mappings.yaml: no customer changes");
    expect(partial.stderr).toContain("1 tenants could not be observed; nothing written");
    expect(fs.readFileSync(out, "utf8")).toBe(reviewed);
    expect(fs.readdirSync(ws.dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);

    const config = (key: string) => ws.pulumiOk(["config", "get", key, "--stack", STACK]);
    const before = (await config("rewst-csp:partnerRefreshToken")).stdout.trim();
    // Never silently to stack config: a sink must be named, and a token from the environment
    // variable never goes to stack config (refused before anything is redeemed).
    const unnamed = await ws.rewstCsp(["rotate-token", "--stack", STACK]);
    expect(unnamed.code).toBe(2);
    expect(unnamed.stderr).toContain("rotate-token needs --to stdout");
    const fromEnv = await ws.rewstCsp(["rotate-token", "--stack", STACK, "--to", "stack-config"], 180_000, {
      REWST_CSP_PARTNER_REFRESH_TOKEN: before,
    });
    expect(fromEnv.code).toBe(1);
    expect(fromEnv.stderr).toContain("comes from REWST_CSP_PARTNER_REFRESH_TOKEN");
    expect((await config("rewst-csp:partnerRefreshToken")).stdout.trim()).toBe(before);
    const rotated = await ws.rewstCsp(["rotate-token", "--stack", STACK, "--to", "stack-config"]);
    expect(rotated.code).toBe(0);
    expect(rotated.stderr).toContain(
      `stored the renewed rewst-csp:partnerRefreshToken in stack ${STACK} (secret)`,
    );
    const after = (await config("rewst-csp:partnerRefreshToken")).stdout.trim();
    expect(after).not.toBe(before);
    expect(`${rotated.stdout}${rotated.stderr}`).not.toContain(after);
    expect(fs.readFileSync(path.join(ws.dir, `Pulumi.${STACK}.yaml`), "utf8")).not.toContain(after);
    // The renewed token works: the stack refreshes with it.
    await ws.pulumiOk(["preview", "--refresh", "--expect-no-changes", "--stack", STACK]);
  });

  test("an organization moves to another customer in one up, and back, never linked to both", async () => {
    const out = path.join(ws.dir, "mappings.yaml");
    const original = fs.readFileSync(out, "utf8");
    const org = seed.rewst.organizations[3].id;
    const move = (from: number, to: number) => {
      const file = parse(fs.readFileSync(out, "utf8")) as { customers: { organizations: string[] }[] };
      file.customers[from - 1].organizations = [];
      file.customers[to - 1].organizations = [org];
      fs.writeFileSync(out, stringify(file));
    };
    const holders = () =>
      emulator.control
        .exportState()
        .rewst.cspCustomers.filter((c) => c.linkedOrganizationIds.includes(org))
        .map((c) => c.tenantId);

    move(4, 5);
    const moved = await ws.pulumiOk(["up", "--yes", "--skip-preview", "--stack", STACK]);
    expect(moved.output).toMatch(/\+-1 replaced/);
    expect(holders()).toEqual([tenant(5)]);
    move(5, 4);
    await ws.pulumiOk(["up", "--yes", "--skip-preview", "--stack", STACK]);
    expect(holders()).toEqual([tenant(4)]);
    fs.writeFileSync(out, original);
    await ws.pulumiOk(["preview", "--expect-no-changes", "--stack", STACK]);
  });

  test("the drift report: clean, then drift, then a mandatory violation, in Markdown and JSON", async () => {
    const report = async (expectedExit: number) => {
      const result = await ws.rewstCsp([
        "report",
        "--stack",
        STACK,
        "--policy-pack",
        path.join(REPO_ROOT, "policies"),
        "--markdown",
        "report.md",
        "--json",
        "report.json",
      ]);
      expect({ exit: result.code, stderr: result.stderr }).toMatchObject({ exit: expectedExit });
      return {
        markdown: fs.readFileSync(path.join(ws.dir, "report.md"), "utf8"),
        json: JSON.parse(fs.readFileSync(path.join(ws.dir, "report.json"), "utf8")) as DriftReport,
      };
    };
    const row = (markdown: string, company: string) =>
      markdown.split("\n").find((line) => line.startsWith(`| ${company} |`)) ?? "";

    const clean = await report(0);
    expect(clean.markdown).toContain("✅ No drift and no mandatory policy violation.");
    // The stack points at the emulator: the reviewer sees that its endpoints are not Microsoft's.
    expect(clean.markdown).toContain(`⚠️ Non-default endpoints: \`authorityHost = ${emulator.url}\``);
    expect(clean.json).toMatchObject({ stack: STACK, exitCode: 0, changes: [], otherViolations: [] });
    expect(clean.json.customers.map((c) => c.company)).toEqual([
      "Customer 001 Ltd",
      "Customer 002 Ltd",
      "Customer 003 Ltd",
      "Customer 004 Ltd",
    ]);
    expect(row(clean.markdown, "Customer 002 Ltd")).toMatch(
      new RegExp(`\\| \`${tenant(2)}\` \\| ${seed.rewst.organizations[1].id} \\| active \\| — \\| — \\|`),
    );

    emulator.control.drift({
      kind: "editGrantScopes",
      tenantId: tenant(2),
      clientAppId: CONNECTOR,
      resourceAppId: GRAPH,
      scope: "Directory.Read.All Mail.Send",
    });
    const drift = await report(5);
    expect(drift.markdown).toContain("⚠️ Drift: 1 resource change planned.");
    expect(drift.markdown).toContain(`- \`update\` consent-${tenant(2)} (grants)`);
    expect(row(drift.markdown, "Customer 002 Ltd")).toContain("| active → update | User.Read | Mail.Send |");
    expect(drift.json.changes).toEqual([
      expect.objectContaining({ name: `consent-${tenant(2)}`, op: "update", diffs: ["grants"] }),
    ]);
    expect(drift.json.customers[1].consent).toMatchObject({
      missingScopes: ["User.Read"],
      extraScopes: ["Mail.Send"],
    });

    emulator.control.drift({ kind: "recreateServicePrincipal", tenantId: tenant(1), appId: CONNECTOR });
    const violated = await report(3);
    expect(violated.markdown).toMatch(/❌ 1 mandatory policy violation; 1 resource change planned\./);
    expect(row(violated.markdown, "Customer 001 Ltd")).toContain("| mandatory: csp-connector-sp-drift |");
    expect(violated.markdown).toMatch(
      /- \*\*\[mandatory\] csp-connector-sp-drift\*\*: .*Customer 001 Ltd \(.*\) was re-created/,
    );
    expect(violated.markdown).toContain(`in Customer 001 Ltd (${tenant(1)}) was re-created`);
    expect(violated.json.customers[0].violations).toEqual([
      expect.objectContaining({ policy: "csp-connector-sp-drift", level: "mandatory" }),
    ]);
  });

  test("a malformed mappings file stops preview and up with its line numbers, before any write", async () => {
    const good = fs.readFileSync(path.join(ws.dir, "mappings.yaml"), "utf8");
    const lines = good.split("\n");
    const at = lines.findIndex((l) => l.includes(`tenantId: ${tenant(4)}`));
    lines[at] = lines[at].replace(tenant(4), "customer-004.onmicrosoft.com");
    fs.writeFileSync(path.join(ws.dir, "broken.yaml"), lines.join("\n"));
    await ws.pulumiOk(["config", "set", "--stack", STACK, "mappingsFile", "broken.yaml"]);
    try {
      emulator.control.requestLog.length = 0;
      const up = await ws.pulumi(["up", "--yes", "--stack", STACK]);
      expect(up.code).not.toBe(0);
      expect(up.output).toMatch(
        new RegExp(`broken\\.yaml:${at + 1}:\\d+ customers\\[3\\]\\.tenantId must be a GUID`),
      );
      expect(up.output).toContain("nothing was applied");
      expect(writes()).toEqual([]);
    } finally {
      await ws.pulumiOk(["config", "rm", "--stack", STACK, "mappingsFile"]);
    }
  });
});
