/**
 * The package as platform teams start with it, from the packed tarball in an empty folder outside
 * the checkout, exactly as the README says: the emulator and `rewst-csp init --emulator` through
 * `npm exec`, `npm install`, then the scaffolded workflows' own commands (read from the YAML they
 * were written to): `pulumi up` with the policy pack as apply.yml runs it, the drift check as
 * drift-check.yml runs it, a customer added and one removed through the file. Nothing from the
 * checkout is on the module path.
 */
import { type ChildProcess, execFileSync, spawn } from "child_process";
import { randomUUID } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { parse, parseDocument } from "yaml";

import { type EmulatorHandoff, emulatorHandoffSchema } from "../../provider/contracts/emulatorHandoff";
import { postToEmulator } from "../support/emulatorControl";
import { REPO_ROOT, engineBinDir } from "./support/engine";
import { type CliResult as Run, runCommand } from "./support/workspace";
import { isolatedPulumiEnv } from "../../scripts/pulumiEnv";

jest.setTimeout(600_000);

type PropertyMap = Record<string, unknown>;
const STACK = "dev";

let work: string;
let project: string;
let env: NodeJS.ProcessEnv;
let emulator: ChildProcess | undefined;
let tarball: string;
let tarballFiles: string[];

const runIn = (cwd: string, command: string, args: string[]): Promise<Run> =>
  runCommand(command, args, { cwd, env, timeoutMs: 240_000 });
const run = (command: string, args: string[]) => runIn(project, command, args);

async function runOk(command: string, args: string[], cwd = project): Promise<Run> {
  const result = await runIn(cwd, command, args);
  if (result.code !== 0)
    throw new Error(`${command} ${args.join(" ")} exited ${result.code}:\n${result.output}`);
  return result;
}

const pulumi = (args: string[]) =>
  run("pulumi", [...args, "--stack", STACK, "--non-interactive", "--color", "never"]);
const rewstCsp = path.join("node_modules", ".bin", "rewst-csp");
/** As a user runs the package before any install: `npm exec --package <tarball> -- rewst-csp …`. */
const npmExecArgs = (args: string[]) => [
  "exec",
  "--yes",
  "--prefer-offline",
  "--loglevel=error",
  `--package=${tarball}`,
  "--",
  "rewst-csp",
  ...args,
];

interface WorkflowStep {
  name?: string;
  id?: string;
  run?: string;
}
/** A step of a scaffolded workflow, run as GitHub would: bash in the project, STACK set. */
async function runWorkflowStep(workflow: string, job: string, step: (s: WorkflowStep) => boolean) {
  const parsed = parse(fs.readFileSync(path.join(project, ".github", "workflows", workflow), "utf8")) as {
    jobs: Record<string, { steps: WorkflowStep[] }>;
  };
  const script = parsed.jobs[job].steps.find(step)?.run;
  if (!script) throw new Error(`${workflow} has no such step in job ${job}`);
  return runCommand("bash", ["-eo", "pipefail", "-c", script], {
    cwd: project,
    env: { ...env, STACK },
    timeoutMs: 240_000,
  });
}

/** apply.yml's `pulumi up`, as the workflow runs it. */
const applyAsWorkflow = () =>
  runWorkflowStep("apply.yml", "apply", (s) => s.name === "pulumi up with the policy pack");

/** Edits the scaffolded mappings file as a user would: its comments stay. */
function editCustomers(edit: (customers: PropertyMap[]) => PropertyMap[]): void {
  const file = path.join(project, "mappings.yaml");
  const document = parseDocument(fs.readFileSync(file, "utf8"));
  document.set("customers", edit((document.toJS() as { customers: PropertyMap[] }).customers));
  fs.writeFileSync(file, document.toString());
}
let allCustomers: PropertyMap[];
let readmeRest: string[];

/**
 * The README's user path (the block marked for this test), one command per line, comments dropped.
 * Each runs as written but for where the package comes from: it is not published, so
 * `-p pulumi-rewst-csp` is the packed tarball (and init is told so for package.json).
 */
function readmeUserPath(): string[] {
  const readme = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
  const block = /<!-- package\.e2e runs this block -->\n\n?```bash\n([\s\S]*?)\n```/.exec(readme);
  if (!block) throw new Error("README has no block marked <!-- package.e2e runs this block -->");
  return block[1]
    .split("\n")
    .map((line) => line.replace(/\s+#.*$/, "").trim())
    .filter(Boolean)
    .map((line) => line.replace(/-p pulumi-rewst-csp /g, `-p ${tarball} `));
}
/** The connector the scaffolded mappings file consents (its consentDefaults). */
const CONNECTOR = "9359814a-7403-4af9-9113-d5c8cab020ed";

/** An out-of-band change through the running emulator's control API, as a test harness would. */
async function emulatorDrift(change: Record<string, string>): Promise<void> {
  const handoff = emulatorHandoffSchema.parse(JSON.parse(fs.readFileSync(handoffFile(), "utf8")));
  const ca = fs.readFileSync(handoff.config["rewst-csp:caCertificatePath"].value, "utf8");
  const status = await postToEmulator(`${handoff.url}/_emulator/drift`, ca, change);
  expect(status).toBe(204);
}

// Where the emulator keeps its state by default, as the README's commands leave it.
const emulatorDir = () => path.join(work, "xdg-state", "pulumi-rewst-csp", "emulator");
const handoffFile = () => path.join(emulatorDir(), "handoff.json");
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `rewst-csp emulator` through `npm exec`, on any free port; resolves with what it left for init. */
async function startEmulator(extra: string[]): Promise<EmulatorHandoff> {
  emulator = spawn("npm", npmExecArgs(["emulator", "--port", "0", "--data-dir", emulatorDir(), ...extra]), {
    cwd: work,
    env,
    stdio: ["ignore", "ignore", "pipe"],
    detached: true,
  });
  return handoffOf(emulator);
}

/** Waits for a starting emulator's handoff file. */
async function handoffOf(started: ChildProcess): Promise<EmulatorHandoff> {
  let errors = "";
  started.stderr!.on("data", (chunk: Buffer) => (errors += chunk.toString()));
  for (let waited = 0; !fs.existsSync(handoffFile()); waited += 100) {
    if (waited > 120_000 || started.exitCode !== null)
      throw new Error(`the installed emulator did not start:\n${errors}`);
    await sleep(100);
  }
  return emulatorHandoffSchema.parse(JSON.parse(fs.readFileSync(handoffFile(), "utf8")));
}

/** Stops it as Ctrl-C would (the whole npm exec process group); it removes its handoff file. */
async function stopEmulator(): Promise<void> {
  if (emulator?.pid) process.kill(-emulator.pid, "SIGINT");
  for (let waited = 0; fs.existsSync(handoffFile()); waited += 100) {
    if (waited > 30_000) throw new Error("the emulator did not stop");
    await sleep(100);
  }
}

beforeAll(async () => {
  const bin = engineBinDir();
  work = fs.mkdtempSync(path.join(os.tmpdir(), "rewst-csp-package-"));
  project = path.join(work, "fleet");
  env = isolatedPulumiEnv({
    engineBin: bin,
    home: path.join(work, "pulumi-home"),
    backendDir: path.join(work, "state"),
    passphrase: `package-e2e-${randomUUID()}`,
    // The README's commands as a user's shell runs them, with the answers a user types at the
    // prompts there is no terminal for here (npx's "Ok to proceed?", pulumi up's confirmation),
    // the emulator's state under this run's $XDG_STATE_HOME, npm from its cache first.
    extra: {
      NODE_PATH: "",
      PULUMI_SKIP_CONFIRMATIONS: "true",
      npm_config_yes: "true",
      XDG_STATE_HOME: path.join(work, "xdg-state"),
      npm_config_prefer_offline: "true",
      npm_config_audit: "false",
      npm_config_fund: "false",
    },
  });
  fs.mkdirSync(path.join(work, "state"));

  // The tarball exactly as `npm publish` would upload it (dist/ was built by npm test's pretest).
  const packed = JSON.parse(
    execFileSync("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", work], {
      cwd: REPO_ROOT,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }),
  ) as { filename: string; files: { path: string }[] }[];
  tarballFiles = packed[0].files.map((file) => file.path);
  tarball = path.join(work, packed[0].filename);

  // The README's user path, its first three lines: the emulator in the background (its state
  // outside the project, under $XDG_STATE_HOME), init in the empty folder, npm install.
  fs.mkdirSync(project);
  const [emulatorLine, initLine, installLine, ...rest] = readmeUserPath();
  readmeRest = rest;
  expect(emulatorLine).toMatch(/&$/);
  emulator = spawn("bash", ["-c", `exec ${emulatorLine.replace(/\s*&$/, "")}`], {
    cwd: project,
    env,
    stdio: ["ignore", "ignore", "pipe"],
    detached: true,
  });
  const customers = (await handoffOf(emulator)).customers;
  expect(customers).toHaveLength(5);
  await runOk("bash", ["-c", `${initLine} --package file:${tarball}`]);
  await runOk("bash", ["-c", installLine]);
  allCustomers = (
    parse(fs.readFileSync(path.join(project, "mappings.yaml"), "utf8")) as { customers: PropertyMap[] }
  ).customers;
  expect(allCustomers.map((c) => c.tenantId)).toEqual(customers.map((c) => c.tenantId));
  // The user starts with two customers and adds a third later.
  editCustomers((all) => all.slice(0, 2));
}, 600_000);

afterAll(() => {
  if (emulator?.pid) process.kill(-emulator.pid, "SIGTERM");
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe("the published package", () => {
  it("ships the provider, the CLI, the policy pack and the emulator, not benchmarks, scripts or tests", () => {
    expect(tarballFiles).toEqual(
      expect.arrayContaining([
        "dist/provider/index.js",
        "dist/provider/runtime.js",
        "dist/provider/cli/main.js",
        "dist/policies/index.js",
        "dist/policies/PulumiPolicy.yaml",
        "dist/policies/config-keys.json",
        "dist/policies/apply-config.json",
        "dist/emulator/cli.js",
        "provider/contracts/rewst.graphqls",
        "examples/project/.github/workflows/apply.yml",
        "examples/project/gitignore",
        "LICENSE",
      ]),
    );
    const stray = tarballFiles.filter(
      (file) =>
        /^(dist\/)?(bench|scripts|test|stacks)\//.test(file) ||
        (file.endsWith(".ts") && !file.endsWith(".d.ts") && file !== "examples/project/index.ts"),
    );
    expect(stray).toEqual([]);
  });

  it("exports the CSP resources only, and its policy pack holds CSP policies only (the skeleton is a test fixture)", () => {
    const exported = execFileSync(
      process.execPath,
      ["-e", 'process.stdout.write(JSON.stringify(Object.keys(require("pulumi-rewst-csp"))))'],
      { cwd: project, env, encoding: "utf8" },
    );
    const names = JSON.parse(exported) as string[];
    expect(names).toEqual(expect.arrayContaining(["ClientMapping", "CpvConsent", "EnterpriseApplication"]));
    expect(names.filter((name) => /record/i.test(name))).toEqual([]);
    const pack = fs.readFileSync(
      path.join(project, "node_modules", "pulumi-rewst-csp", "dist", "policies", "index.js"),
      "utf8",
    );
    expect(pack).not.toMatch(/remoteRecord/);
  });

  it("resolves one copy of @pulumi/pulumi in the project", () => {
    const copies = execFileSync("npm", ["ls", "@pulumi/pulumi", "--all", "--parseable"], {
      cwd: project,
      env,
      encoding: "utf8",
    })
      .split("\n")
      .filter(Boolean);
    expect(new Set(copies)).toEqual(new Set([path.join(project, "node_modules", "@pulumi", "pulumi")]));
  });

  it("init wrote a project that compiles and workflows actionlint accepts, for the selected stack", async () => {
    expect(fs.readdirSync(project).sort()).toEqual(
      expect.arrayContaining([
        ".github",
        ".gitignore",
        "Pulumi.yaml",
        "index.ts",
        "mappings.yaml",
        "package.json",
        "tsconfig.json",
      ]),
    );
    await runOk("npx", ["tsc", "--noEmit", "-p", "."]);
    const actionlint = execFileSync("bash", [path.join(REPO_ROOT, "scripts", "ensure-actionlint.sh")], {
      encoding: "utf8",
    }).trim();
    const workflows = path.join(project, ".github", "workflows");
    const files = fs.readdirSync(workflows).map((file) => path.join(workflows, file));
    expect(files).toHaveLength(3);
    await runOk(actionlint, ["-no-color", ...files]);
    // The stack init created holds the emulator's settings, the credentials encrypted.
    const config = await runOk("pulumi", ["config", "--stack", STACK, "--json"]);
    const settings = JSON.parse(config.stdout) as Record<string, { secret: boolean; value?: string }>;
    expect(settings["rewst-csp:partnerAppSecret"]).toEqual({ secret: true });
    expect(settings["rewst-csp:authorityHost"].value).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(fs.readFileSync(path.join(project, `Pulumi.${STACK}.yaml`), "utf8")).not.toContain(
      "emulator-msp-app-secret",
    );
  });

  it("the README's pulumi up and drift check as written, then apply.yml's and drift-check.yml's own steps", async () => {
    const [up, driftCheck] = readmeRest;
    expect([up, driftCheck]).toEqual([
      "pulumi up",
      'pulumi preview --refresh --run-program --policy-pack "$(npx rewst-csp policy-pack)" --expect-no-changes',
    ]);
    const applied = await runOk("bash", ["-c", up]);
    // The stack, Rewst Prod (adopted: the policy pack judged the principal found at plan time) and
    // two customers, a mapping and a consent each.
    expect(applied.output).toMatch(/\+ 6 created/);
    const checked = await runOk("bash", ["-c", driftCheck]);
    expect(checked.output).toMatch(/rewst-csp@v0\.1\.0/);

    const apply = await applyAsWorkflow();
    expect(apply.output).toMatch(/6 unchanged/);
    expect(apply.code).toBe(0);

    const check = await runWorkflowStep("drift-check.yml", "drift", (s) => s.id === "report");
    expect(check.code).toBe(0);
    expect(fs.readFileSync(path.join(project, "exit.txt"), "utf8").trim()).toBe("0");
    expect(fs.readFileSync(path.join(project, "report.md"), "utf8")).toContain(
      "✅ No drift and no mandatory policy violation.",
    );
    // The SARIF the workflow uploads: one run for the stack, nothing to annotate on a clean stack.
    const sarif = JSON.parse(fs.readFileSync(path.join(project, "report.sarif"), "utf8")) as {
      version: string;
      runs: { automationDetails: { id: string }; results: unknown[] }[];
    };
    expect(sarif).toMatchObject({
      version: "2.1.0",
      runs: [{ automationDetails: { id: `rewst-csp/${STACK}/` }, results: [] }],
    });
    const pack = (await runOk(rewstCsp, ["policy-pack"])).output.trim();
    expect(pack).toBe(
      path.join(fs.realpathSync(project), "node_modules", "pulumi-rewst-csp", "dist", "policies"),
    );
    const preview = await pulumi(["preview", "--refresh", "--expect-no-changes", "--policy-pack", pack]);
    expect(preview.output).toMatch(/rewst-csp@v0\.1\.0/);
    expect(preview.code).toBe(0);
  });

  it("a customer added and another removed through the file: one consent granted, one revoked", async () => {
    editCustomers((customers) => [customers[1], allCustomers[2]]);
    const apply = await applyAsWorkflow();
    expect(apply.output).toMatch(/\+ 2 created/);
    expect(apply.output).toMatch(/- 2 deleted/);
    expect(apply.code).toBe(0);
    const check = await runWorkflowStep("drift-check.yml", "drift", (s) => s.id === "report");
    expect([check.code, fs.readFileSync(path.join(project, "exit.txt"), "utf8").trim()]).toEqual([0, "0"]);
    const report = JSON.parse(fs.readFileSync(path.join(project, "report.json"), "utf8")) as {
      customers: { tenantId: string }[];
    };
    expect(report.customers.map((c) => c.tenantId).sort()).toEqual(
      [allCustomers[1].tenantId, allCustomers[2].tenantId].sort(),
    );
  });

  it("one customer's principal disabled out of band: apply still onboards one customer and offboards another; the report names the blocked one and the command", async () => {
    const [first, , third] = allCustomers;
    await emulatorDrift({
      kind: "disableServicePrincipal",
      tenantId: String(third.tenantId),
      appId: CONNECTOR,
    });
    editCustomers(() => [third, first]);
    const apply = await applyAsWorkflow();
    expect(apply.output).toMatch(/\+ 2 created/);
    expect(apply.output).toMatch(/- 2 deleted/);
    expect(apply.output).toContain("csp-connector-sp-present");
    expect(apply.code).toBe(0);

    const check = await runWorkflowStep("drift-check.yml", "drift", (s) => s.id === "report");
    expect([check.code, fs.readFileSync(path.join(project, "exit.txt"), "utf8").trim()]).toEqual([0, "3"]);
    const report = JSON.parse(fs.readFileSync(path.join(project, "report.json"), "utf8")) as {
      customers: { tenantId: string; violations: { policy: string; message: string }[] }[];
    };
    const blocked = report.customers.filter((c) => c.violations.length > 0);
    expect(blocked.map((c) => c.tenantId)).toEqual([third.tenantId]);
    expect(blocked[0].violations[0].message).toMatch(
      /is disabled.*az ad sp update --id [0-9a-f-]{36} --set accountEnabled=true/,
    );
    expect(report.customers.map((c) => c.tenantId).sort()).toEqual([first.tenantId, third.tenantId].sort());
  });

  it("an exemption in the mappings file silences exactly that policy for that customer; expired, it is a violation on its line", async () => {
    const [first, , third] = allCustomers;
    // Both connectors disabled now; only the third customer's finding is exempted.
    await emulatorDrift({
      kind: "disableServicePrincipal",
      tenantId: String(first.tenantId),
      appId: CONNECTOR,
    });
    const file = path.join(project, "mappings.yaml");
    const declared = fs.readFileSync(file, "utf8");
    const exempt = (expires: string) =>
      fs.writeFileSync(
        file,
        `${declared}exemptions:\n` +
          `  - policy: csp-connector-sp-present\n    customer: ${String(third.name)}\n` +
          `    reason: The customer disabled the connector during its migration (ticket 4411)\n` +
          `    expires: ${expires}\n    owner: platform-team\n`,
      );
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const exemptionLine = declared.split("\n").length + 1;
    type Report = {
      changes: unknown[];
      customers: { tenantId: string; violations: { policy: string }[] }[];
      exemptions: { customer: string; status: string }[];
    };
    const driftCheck = async () => {
      const check = await runWorkflowStep("drift-check.yml", "drift", (s) => s.id === "report");
      expect(check.code).toBe(0);
      const report = JSON.parse(fs.readFileSync(path.join(project, "report.json"), "utf8")) as Report;
      return {
        exit: fs.readFileSync(path.join(project, "exit.txt"), "utf8").trim(),
        report,
        findings: report.customers.flatMap((c) =>
          c.violations.map((v) => `${v.policy} ${String(c.tenantId)}`),
        ),
      };
    };

    try {
      exempt(day(60));
      const active = await driftCheck();
      expect(active.findings).toEqual([`csp-connector-sp-present ${String(first.tenantId)}`]);
      expect(active.report.exemptions).toEqual([
        expect.objectContaining({ customer: third.name, status: "active" }),
      ]);
      // An exemption is no change to any tenant: nothing is planned.
      expect(active.report.changes).toEqual([]);
      expect(active.exit).toBe("3");
      expect(fs.readFileSync(path.join(project, "report.md"), "utf8")).toContain(
        "### Exemptions (1 active, 0 expiring within 30 days)",
      );

      exempt(day(-1));
      const expired = await driftCheck();
      expect(expired.findings.sort()).toEqual(
        [
          `csp-connector-sp-present ${String(first.tenantId)}`,
          `csp-connector-sp-present ${String(third.tenantId)}`,
          `exemptions-valid ${String(third.tenantId)}`,
        ].sort(),
      );
      const sarif = JSON.parse(fs.readFileSync(path.join(project, "report.sarif"), "utf8")) as {
        runs: {
          results: { ruleId: string; locations: { physicalLocation: { region: { startLine: number } } }[] }[];
        }[];
      };
      expect(
        sarif.runs[0].results
          .filter((r) => r.ruleId === "exemptions-valid")
          .map((r) => r.locations[0].physicalLocation.region.startLine),
      ).toEqual([exemptionLine]);
    } finally {
      fs.writeFileSync(file, declared);
      for (const customer of [first, third])
        await emulatorDrift({
          kind: "enableServicePrincipal",
          tenantId: String(customer.tenantId),
          appId: CONNECTOR,
        });
    }
  });

  it("stores the provider as a require of the installed package's shim, one small string per type", async () => {
    const exported = await runOk("pulumi", ["stack", "export", "--stack", STACK]);
    const resources = (
      JSON.parse(exported.stdout) as {
        deployment: { resources: { type: string; inputs?: PropertyMap; outputs?: PropertyMap }[] };
      }
    ).deployment.resources.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/rewst-csp:"));
    expect(resources).toHaveLength(1 + 2 * 2);
    const byType = new Map<string, Set<unknown>>();
    for (const resource of resources) {
      const copies = byType.get(resource.type) ?? new Set<unknown>();
      copies.add(resource.inputs?.__provider).add(resource.outputs?.__provider);
      byType.set(resource.type, copies);
    }
    expect([...byType.keys()].sort()).toHaveLength(3);
    for (const [type, copies] of byType) {
      // One serialization per type: inputs and outputs of every resource hold the same string.
      expect({ type, copies: copies.size }).toEqual({ type, copies: 1 });
      const text = String([...copies][0]);
      expect(text.length).toBeLessThanOrEqual(1024);
      expect(text).toMatch(/require\("pulumi-rewst-csp\/dist\/provider\/dynamic\/shims\/\w+\.js"\)/);
    }
  });

  it("the installed policy pack enforces: without Rewst Prod declared, preview fails its mandatory policy", async () => {
    const pack = (await runOk(rewstCsp, ["policy-pack"])).output.trim();
    const file = path.join(project, "mappings.yaml");
    const declared = fs.readFileSync(file, "utf8");
    const document = parseDocument(declared);
    document.set("enterpriseApplications", []);
    fs.writeFileSync(file, document.toString());
    const preview = await pulumi(["preview", "--policy-pack", pack]);
    expect(preview.output).toContain("rewst-prod-sp-present");
    expect(preview.code).not.toBe(0);
    fs.writeFileSync(file, declared);
  });

  it("settings changed after an up (the emulator on another port): the drift check uses them; a plain refresh names the old endpoint", async () => {
    const before = emulatorHandoffSchema.parse(JSON.parse(fs.readFileSync(handoffFile(), "utf8")));
    await stopEmulator();
    // The state is kept in its data folder; only the port changes.
    const after = await startEmulator([]);
    expect(after.url).not.toBe(before.url);
    await runOk("pulumi", ["config", "set-all", "--stack", STACK, "--json", JSON.stringify(after.config)]);

    const stale = await pulumi(["preview", "--refresh", "--expect-no-changes"]);
    expect(stale.code).not.toBe(0);
    expect(stale.output).toContain(`[ENDPOINT_UNREACHABLE] ${before.url} cannot be reached (ECONNREFUSED)`);
    expect(stale.output).toContain("pulumi preview --refresh --run-program");

    const check = await runWorkflowStep("drift-check.yml", "drift", (s) => s.id === "report");
    expect([check.code, fs.readFileSync(path.join(project, "exit.txt"), "utf8").trim()]).toEqual([0, "0"]);
    expect(check.output).not.toContain(before.url);
  });
});
