/**
 * The native face (issue 26, first slice): a TypeScript program declares the CSP resources by
 * their schema tokens, the rewst-csp provider plugin serves them from the same implementations as
 * the dynamic face. Judged by the emulator's state and request log.
 */
import * as fs from "fs";
import * as path from "path";

import { writeSeedMappings } from "../../emulator/seedMappings";
import { type RunningEmulator, startEmulator } from "../../emulator/server";
import { DEFAULT_IDENTITIES as ids, IMMEDIATE_CONSISTENCY, generateSeed } from "../../emulator/state/seed";
import type { DriftReport } from "../../provider/cli/reportModel";
import { WELL_KNOWN_APP_IDS } from "../../provider/contracts/identity";
import {
  addHostsToPath,
  emulatorWorkspace,
  serviceWrites,
  setConfig,
  setFixture,
  writesSince,
} from "./support/cspStack";
import { REPO_ROOT } from "./support/engine";
import { useEmulatorStack } from "./support/emulatorStack";
import type { PulumiWorkspace } from "./support/workspace";

jest.setTimeout(300_000);

const STACK = "native";
const GRAPH = WELL_KNOWN_APP_IDS.microsoftGraph;

/** The connector's live delegated grants in every tenant of the emulator, as scope strings. */
function grantedScopesOf(emulator: RunningEmulator): string[] {
  const state = emulator.control.exportState();
  const connectors = new Set(
    state.servicePrincipals.filter((sp) => sp.appId === ids.rewstCspConnectorAppId).map((sp) => sp.id),
  );
  return state.grants
    .filter((g) => connectors.has(g.clientId) && g.deletedAt === null)
    .map((g) => g.scope)
    .sort();
}

describe("native provider plugin rewst-csp", () => {
  const seed = generateSeed({ customerCount: 2, options: IMMEDIATE_CONSISTENCY });
  let emulator: RunningEmulator;
  let ws: PulumiWorkspace;
  const customers = (scopes: string[]) =>
    seed.customers.map((customer, i) => ({
      name: `c${i + 1}`,
      tenantId: customer.tenantId,
      organizationId: seed.rewst.organizations[i].id,
      consent: {
        applicationId: ids.rewstCspConnectorAppId,
        displayName: "Rewst CSP Connector",
        grants: [{ enterpriseApplicationId: GRAPH, scopes }],
      },
    }));
  const grantedScopes = () => grantedScopesOf(emulator);

  useEmulatorStack({ seed, workspace: (e) => emulatorWorkspace("native", STACK, e) }, async (started) => {
    ({ emulator, ws } = started);
    await setFixture(ws, STACK, "customers", customers(["Directory.Read.All"]));
  });

  test("up consents and links through the plugin; state holds native types and no serialized provider", async () => {
    const up = await ws.pulumiOk(["up", "--yes", "--skip-preview", "--stack", STACK]);
    expect(up.output).toMatch(/\+ 5 created/);
    expect(grantedScopes()).toEqual(["Directory.Read.All", "Directory.Read.All"]);
    // Each customer's organization is linked in Rewst.
    const linked = emulator.control
      .exportState()
      .rewst.cspCustomers.flatMap((c) => c.linkedOrganizationIds)
      .sort();
    expect(linked).toEqual(
      seed.rewst.organizations
        .slice(0, 2)
        .map((o) => o.id)
        .sort(),
    );
    const exported = JSON.parse((await ws.pulumiOk(["stack", "export", "--stack", STACK])).stdout) as {
      deployment: {
        resources: { type: string; inputs?: Record<string, unknown>; outputs?: Record<string, unknown> }[];
      };
    };
    const consents = exported.deployment.resources.filter((r) => r.type === "rewst-csp:index:CpvConsent");
    expect(consents.map((r) => r.outputs?.status)).toEqual(["active", "active"]);
    expect(
      exported.deployment.resources.filter((r) => r.type === "rewst-csp:index:ClientMapping"),
    ).toHaveLength(2);
    expect(JSON.stringify(exported)).not.toContain("__provider");
    // The provider's settings are its inputs in state: the secret ones only as ciphertext.
    const provider = exported.deployment.resources.find((r) => r.type === "pulumi:providers:rewst-csp");
    const stored = provider?.inputs?.partnerRefreshToken as { ciphertext?: unknown } | undefined;
    expect(typeof stored?.ciphertext).toBe("string");
    const text = JSON.stringify(exported);
    for (const secret of [ids.partnerRefreshToken, ids.mspAppSecret, ids.rewstApiToken])
      expect(text).not.toContain(secret);
  });

  test("pulumi package get-schema serves the committed schema.json", async () => {
    const plugin = path.join(
      ws.dir,
      "node_modules",
      "pulumi-rewst-csp",
      "dist",
      "provider",
      "native",
      "bin",
      "pulumi-resource-rewst-csp",
    );
    const served = JSON.parse((await ws.pulumiOk(["package", "get-schema", plugin])).stdout) as {
      version: string;
    };
    const committed = JSON.parse(
      fs.readFileSync(path.join(__dirname, "..", "..", "provider", "native", "schema.json"), "utf8"),
    ) as { version: string };
    // The workspace installs the package under a test version.
    expect({ ...served, version: committed.version }).toEqual(committed);
  });

  test("preview --refresh makes no mutating request and plans nothing", async () => {
    const before = serviceWrites(emulator).length;
    await ws.pulumiOk(["preview", "--refresh", "--expect-no-changes", "--stack", STACK]);
    expect(serviceWrites(emulator).length).toBe(before);
  });

  test("a link removed out of band: refresh drops it, up links it again", async () => {
    emulator.control.drift({
      kind: "unlinkMapping",
      tenantId: seed.customers[0].tenantId,
      orgId: seed.rewst.organizations[0].id,
    });
    const refreshed = await ws.pulumiOk(["refresh", "--yes", "--skip-preview", "--stack", STACK]);
    expect(refreshed.output).toMatch(/- 1 deleted/);
    const up = await ws.pulumiOk(["up", "--yes", "--skip-preview", "--stack", STACK]);
    expect(up.output).toMatch(/\+ 1 created/);
    const linked = emulator.control.exportState().rewst.cspCustomers.flatMap((c) => c.linkedOrganizationIds);
    expect(linked).toContain(seed.rewst.organizations[0].id);
  });

  test("import by id: a consent and its link forgotten from state are adopted without a write; the program then plans nothing", async () => {
    const tenant = seed.customers[0].tenantId;
    const org = seed.rewst.organizations[0].id;
    const name = `consent-${tenant}`;
    const urn = `urn:pulumi:${STACK}::native-fixture::rewst-csp:index:CpvConsent::${name}`;
    const linkUrn = `urn:pulumi:${STACK}::native-fixture::rewst-csp:index:ClientMapping::org-${org}`;
    // The consent first: the link has no dependent left then.
    await ws.pulumiOk(["state", "delete", urn, "--yes", "--stack", STACK]);
    await ws.pulumiOk(["state", "delete", linkUrn, "--yes", "--stack", STACK]);
    const from = emulator.control.requestLog.length;
    const before = serviceWrites(emulator).length;
    await ws.pulumiOk([
      "import",
      "rewst-csp:index:ClientMapping",
      `org-${org}`,
      `${tenant}/${org}`,
      "--yes",
      "--protect=false",
      "--generate-code=false",
      "--stack",
      STACK,
    ]);
    const id = `${tenant}/${ids.rewstCspConnectorAppId}`;
    const imported = await ws.pulumiOk([
      "import",
      "rewst-csp:index:CpvConsent",
      name,
      id,
      "--yes",
      "--protect=false",
      // The real Node host writes the program's code; the compact host built here has no codegen.
      "--generate-code=false",
      "--stack",
      STACK,
    ]);
    expect(imported.output).toMatch(/= 1 imported/);
    expect(serviceWrites(emulator).length).toBe(before);
    const exported = JSON.parse((await ws.pulumiOk(["stack", "export", "--stack", STACK])).stdout) as {
      deployment: { resources: { urn: string; outputs?: Record<string, unknown> }[] };
    };
    // Found, not created here: removing it never deletes the principal.
    expect(exported.deployment.resources.find((r) => r.urn === urn)?.outputs).toMatchObject({
      status: "active",
      displayName: "Rewst CSP Connector",
      createdServicePrincipalObjectId: "",
    });
    await ws.pulumiOk(["preview", "--expect-no-changes", "--stack", STACK]);
    expect(serviceWrites(emulator).length).toBe(before);
    // Nothing asked Microsoft or Rewst for a change (Rewst's mutations included).
    expect(writesSince(emulator, from)).toEqual([]);
    // An id that names no consent is refused with the provider's code.
    const missing = await ws.pulumi([
      "import",
      "rewst-csp:index:CpvConsent",
      "other",
      `${tenant}/00000000-0000-4000-8000-0000000000aa`,
      "--yes",
      "--generate-code=false",
      "--stack",
      STACK,
    ]);
    expect(missing.code).not.toBe(0);
    expect(missing.output).toMatch(/IMPORT_NOT_FOUND/);
  });

  test("a scope change is an update in place; destroy revokes both consents", async () => {
    await setFixture(ws, STACK, "customers", customers(["Directory.Read.All", "User.Read"]));
    const up = await ws.pulumiOk(["up", "--yes", "--skip-preview", "--stack", STACK]);
    expect(up.output).toMatch(/~ 2 updated/);
    expect(grantedScopes()).toEqual(["Directory.Read.All User.Read", "Directory.Read.All User.Read"]);

    await ws.pulumiOk(["destroy", "--yes", "--skip-preview", "--stack", STACK]);
    expect(grantedScopes()).toEqual([]);
    // The MSP's own app keeps its seeded consents; the connector's are gone.
    const consents = emulator.control.exportState().consents;
    expect(consents.filter((c) => c.applicationId === ids.rewstCspConnectorAppId)).toEqual([]);
    expect(consents.length).toBe(2);
  });
});

/** A workspace of a YAML fixture, with the YAML language host (built like the engine) on its PATH. */
async function yamlWorkspace(fixture: "yaml" | "yaml-fleet" | "yaml-package", emulator: RunningEmulator) {
  const created = await emulatorWorkspace(fixture, STACK, emulator);
  addHostsToPath(created, "ensure-yaml-host.sh");
  return created;
}

describe("native provider plugin rewst-csp from a Pulumi YAML program", () => {
  const seed = generateSeed({ customerCount: 1, options: IMMEDIATE_CONSISTENCY });
  let emulator: RunningEmulator;
  let ws: PulumiWorkspace;
  const customer = seed.customers[0];

  useEmulatorStack(
    {
      seed,
      workspace: (e) => yamlWorkspace("yaml", e),
    },
    async (started) => {
      ({ emulator, ws } = started);
      const settings = {
        tenantId: customer.tenantId,
        organizationId: seed.rewst.organizations[0].id,
        connectorAppId: ids.rewstCspConnectorAppId,
      };
      for (const [key, value] of Object.entries(settings))
        await ws.pulumiOk(["config", "set", "--stack", STACK, key, value]);
    },
  );

  test("up, preview without changes or writes, destroy: the same provider as TypeScript's", async () => {
    const up = await ws.pulumiOk(["up", "--yes", "--skip-preview", "--stack", STACK]);
    expect(up.output).toMatch(/\+ 3 created/);
    const outputs = JSON.parse(
      (await ws.pulumiOk(["stack", "output", "--json", "--stack", STACK])).stdout,
    ) as {
      status: string;
      servicePrincipalObjectId: string;
      gdap: { status: string; customerTenantId: string }[];
    };
    expect(outputs.status).toBe("active");
    // The GDAP look-up, a function of the plugin.
    expect(outputs.gdap).toEqual([
      expect.objectContaining({ status: "active", customerTenantId: customer.tenantId }),
    ]);
    const principal = emulator.control
      .exportState()
      .servicePrincipals.find(
        (sp) => sp.tenantId === customer.tenantId && sp.appId === ids.rewstCspConnectorAppId,
      );
    expect(outputs.servicePrincipalObjectId).toBe(principal?.id);

    const before = serviceWrites(emulator).length;
    await ws.pulumiOk(["preview", "--refresh", "--expect-no-changes", "--stack", STACK]);
    expect(serviceWrites(emulator).length).toBe(before);

    await ws.pulumiOk(["destroy", "--yes", "--skip-preview", "--stack", STACK]);
    expect(
      emulator.control.exportState().consents.filter((c) => c.applicationId === ids.rewstCspConnectorAppId),
    ).toEqual([]);
  });
});

/** One stack's drift report as the pack judges it: per customer, its violations (object ids masked). */
async function verdicts(ws: PulumiWorkspace, seedText: string) {
  const file = path.join(ws.dir, "report.json");
  const report = await ws.rewstCsp([
    "report",
    "--stack",
    STACK,
    "--cwd",
    ws.dir,
    "--policy-pack",
    path.join(REPO_ROOT, "policies"),
    "--json",
    file,
  ]);
  expect({ code: report.code, stderr: report.stderr }).toMatchObject({ code: expect.any(Number) as unknown });
  const parsed = JSON.parse(fs.readFileSync(file, "utf8")) as DriftReport;
  // Ids the emulator handed out differ between two worlds built in a different order; the seed's are the same.
  const masked = (text: string) =>
    text.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, (id) =>
      seedText.includes(id.toLowerCase()) ? id : "<object id>",
    );
  const judged = (violations: DriftReport["otherViolations"]) =>
    violations.map((v) => `${v.level} ${v.policy}: ${masked(v.message)}`).sort();
  return {
    exitCode: parsed.exitCode,
    customers: Object.fromEntries(parsed.customers.map((c) => [c.tenantId, judged(c.violations)])),
    other: judged(parsed.otherViolations),
  };
}

describe("rewst-csp:index:Fleet from a Pulumi YAML program", () => {
  const seed = generateSeed({ customerCount: 30, options: IMMEDIATE_CONSISTENCY });
  let emulator: RunningEmulator;
  let ws: PulumiWorkspace;
  useEmulatorStack({ seed, workspace: (e) => yamlWorkspace("yaml-fleet", e) }, (started) => {
    ({ emulator, ws } = started);
    writeSeedMappings(path.join(ws.dir, "mappings.yaml"), seed);
  });

  test("30 customers from the mappings file: up, the drift check with the pack clean, then its verdicts equal a TypeScript stack's on the same world", async () => {
    const up = await ws.pulumiOk(["up", "--yes", "--skip-preview", "--stack", STACK]);
    // The stack, the fleet, Rewst Prod, and a mapping and a consent per customer.
    expect(up.output).toMatch(/\+ 63 created/);
    const counts = JSON.parse(
      (await ws.pulumiOk(["stack", "output", "counts", "--json", "--stack", STACK])).stdout,
    ) as {
      customers: number;
      consents: number;
    };
    expect(counts).toMatchObject({ customers: 30, consents: 30 });
    const consented = emulator.control
      .exportState()
      .consents.filter((c) => c.applicationId === seed.rewst.cpvApplicationId);
    expect(consented).toHaveLength(30);

    const before = serviceWrites(emulator).length;
    const check = await ws.pulumiOk([
      "preview",
      "--refresh",
      "--expect-no-changes",
      "--policy-pack",
      path.join(REPO_ROOT, "policies"),
      "--stack",
      STACK,
    ]);
    expect(check.output).not.toMatch(/\[(mandatory|advisory)\]/);
    expect(serviceWrites(emulator).length).toBe(before);

    // The pack judges the native resources: one customer's connector disabled out of band.
    const disabled = seed.customers[6].tenantId;
    emulator.control.drift({
      kind: "disableServicePrincipal",
      tenantId: disabled,
      appId: seed.rewst.cpvApplicationId,
    });
    const drifted = await ws.pulumi([
      "preview",
      "--refresh",
      "--policy-pack",
      path.join(REPO_ROOT, "policies"),
      "--stack",
      STACK,
    ]);
    expect(drifted.code).not.toBe(0);
    expect(drifted.output).toMatch(/\[mandatory\]\s+csp-connector-sp-present/);
    expect(drifted.output).toContain(`(${disabled}) is disabled`);

    // The same world declared by the TypeScript dynamic face (the same seed and file, the same
    // drift, an emulator of its own): the pack's verdicts, through rewst-csp report, are equal.
    const seedText = JSON.stringify(seed).toLowerCase();
    const yamlVerdicts = await verdicts(ws, seedText);
    expect(yamlVerdicts.customers[disabled]).toEqual([
      expect.stringMatching(/^mandatory csp-connector-sp-present: /) as unknown,
    ]);
    const twin = await startEmulator({ seed });
    const tsWs = await emulatorWorkspace("mappings", STACK, twin);
    try {
      writeSeedMappings(path.join(tsWs.dir, "mappings.yaml"), seed);
      await tsWs.pulumiOk(["up", "--yes", "--skip-preview", "--stack", STACK]);
      twin.control.drift({
        kind: "disableServicePrincipal",
        tenantId: disabled,
        appId: seed.rewst.cpvApplicationId,
      });
      expect(await verdicts(tsWs, seedText)).toEqual(yamlVerdicts);
    } finally {
      tsWs.dispose();
      await twin.stop();
    }
  });
});

describe("the source-based plugin (PulumiPlugin.yaml) named in a YAML program's packages:", () => {
  const seed = generateSeed({ customerCount: 1, options: IMMEDIATE_CONSISTENCY });
  let emulator: RunningEmulator;
  let ws: PulumiWorkspace;
  const customer = seed.customers[0];

  useEmulatorStack({ seed, workspace: (e) => yamlWorkspace("yaml-package", e) }, async (started) => {
    ({ emulator, ws } = started);
    const settings = {
      tenantId: customer.tenantId,
      organizationId: seed.rewst.organizations[0].id,
      connectorAppId: ids.rewstCspConnectorAppId,
      scopes: "Directory.Read.All",
    };
    await setConfig(ws, STACK, settings);
  });

  test("the engine runs the plugin from its folder through the nodejs host: schema, up, destroy", async () => {
    const plugin = path.join(ws.dir, "node_modules/pulumi-rewst-csp/dist/provider/native/plugin");
    const schema = JSON.parse((await ws.pulumiOk(["package", "get-schema", plugin])).stdout) as {
      name: string;
    };
    expect(schema.name).toBe("rewst-csp");
    const up = await ws.pulumiOk(["up", "--yes", "--skip-preview", "--stack", STACK]);
    expect(up.output).toMatch(/\+ 3 created/);
    expect(grantedScopesOf(emulator)).toEqual(["Directory.Read.All"]);
    await ws.pulumiOk(["destroy", "--yes", "--skip-preview", "--stack", STACK]);
    expect(grantedScopesOf(emulator)).toEqual([]);
  });
});

describe("pulumi package add of the source-based plugin in a Go project", () => {
  const seed = generateSeed({ customerCount: 1, options: IMMEDIATE_CONSISTENCY });
  let emulator: RunningEmulator;
  let ws: PulumiWorkspace;
  const customer = seed.customers[0];

  useEmulatorStack(
    {
      seed,
      workspace: async (e) => {
        const created = await emulatorWorkspace("conformance-go", STACK, e);
        addHostsToPath(created, "ensure-language-hosts.sh");
        // A project that has not added the package yet: no plugin path, no SDK in go.mod.
        const project = path.join(created.dir, "Pulumi.yaml");
        fs.writeFileSync(project, fs.readFileSync(project, "utf8").replace(/\nplugins:[\s\S]*$/, "\n"));
        const goMod = path.join(created.dir, "go.mod");
        fs.writeFileSync(
          goMod,
          fs
            .readFileSync(goMod, "utf8")
            .split("\n")
            .filter((line) => !line.includes("pulumi-rewst-csp/sdk") && !line.startsWith("//"))
            .join("\n"),
        );
        return created;
      },
    },
    async (started) => {
      ({ emulator, ws } = started);
      const settings = {
        tenantId: customer.tenantId,
        organizationId: seed.rewst.organizations[0].id,
        connectorAppId: ids.rewstCspConnectorAppId,
        scopes: "Directory.Read.All",
      };
      await setConfig(ws, STACK, settings);
    },
  );

  test("package add generates the Go SDK, links it into go.mod and names the plugin; up, a write-free check, destroy", async () => {
    const added = await ws.pulumiOk([
      "package",
      "add",
      "./node_modules/pulumi-rewst-csp/dist/provider/native/plugin",
    ]);
    expect(added.output).toContain('import "pulumi-rewst-csp/sdk/go/rewstcsp"');
    expect(fs.readFileSync(path.join(ws.dir, "Pulumi.yaml"), "utf8")).toMatch(
      /packages:\s+rewst-csp: \.\/node_modules\/pulumi-rewst-csp\/dist\/provider\/native\/plugin/,
    );
    expect(fs.readFileSync(path.join(ws.dir, "go.mod"), "utf8")).toContain(
      "replace pulumi-rewst-csp/sdk/go => ./sdks/rewst-csp",
    );
    const up = await ws.pulumiOk(["up", "--yes", "--skip-preview", "--stack", STACK]);
    expect(up.output).toMatch(/\+ 3 created/);
    expect(grantedScopesOf(emulator)).toEqual(["Directory.Read.All"]);
    const before = serviceWrites(emulator).length;
    await ws.pulumiOk(["preview", "--refresh", "--expect-no-changes", "--stack", STACK]);
    expect(serviceWrites(emulator).length).toBe(before);
    await ws.pulumiOk(["destroy", "--yes", "--skip-preview", "--stack", STACK]);
    expect(grantedScopesOf(emulator)).toEqual([]);
  });
});
