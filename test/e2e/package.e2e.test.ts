/**
 * The package as platform teams install it: `npm pack`, then a new Pulumi project in a temporary
 * folder outside the checkout installs the tarball, declares customers from a mappings file and
 * runs `pulumi up` and the drift check with the policy pack shipped in the package, against the
 * emulator started from the installed package. Nothing from the checkout is on the module path.
 */
import { type ChildProcess, execFileSync, spawn } from "child_process";
import { randomUUID } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { writeSeedMappings } from "../../emulator/seedMappings";
import { generateSeed } from "../../emulator/state/seed";
import { configSetAllArgs } from "../../emulator/providerSettings";
import { REPO_ROOT, engineBinDir } from "./support/engine";
import { type CliResult as Run, runCommand } from "./support/workspace";
import { isolatedPulumiEnv } from "../../scripts/pulumiEnv";

jest.setTimeout(600_000);

const CUSTOMERS = 2;

type PropertyMap = Record<string, unknown>;
const STACK = "dev";

let project: string;
let env: NodeJS.ProcessEnv;
let emulator: ChildProcess | undefined;
let tarballFiles: string[];

const run = (command: string, args: string[]): Promise<Run> =>
  runCommand(command, args, { cwd: project, env, timeoutMs: 240_000 });

async function runOk(command: string, args: string[]): Promise<Run> {
  const result = await run(command, args);
  if (result.code !== 0)
    throw new Error(`${command} ${args.join(" ")} exited ${result.code}:\n${result.output}`);
  return result;
}

const pulumi = (args: string[]) =>
  run("pulumi", [...args, "--stack", STACK, "--non-interactive", "--color", "never"]);
const rewstCsp = path.join("node_modules", ".bin", "rewst-csp");

function writeMappings(withRewstProd: boolean): void {
  const seed = generateSeed({ customerCount: CUSTOMERS });
  writeSeedMappings(path.join(project, "mappings.yaml"), seed, { withRewstProd });
}

beforeAll(async () => {
  const bin = engineBinDir();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "rewst-csp-package-"));
  project = path.join(work, "fleet");
  fs.mkdirSync(project);
  env = isolatedPulumiEnv({
    engineBin: bin,
    home: path.join(work, "pulumi-home"),
    backendDir: path.join(work, "state"),
    passphrase: `package-e2e-${randomUUID()}`,
    extra: { NODE_PATH: "" },
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
  const tarball = path.join(work, packed[0].filename);

  fs.writeFileSync(
    path.join(project, "package.json"),
    JSON.stringify(
      {
        name: "fleet",
        private: true,
        dependencies: { "@pulumi/pulumi": "3.248.0", "pulumi-rewst-csp": `file:${tarball}` },
      },
      null,
      2,
    ),
  );
  fs.writeFileSync(
    path.join(project, "Pulumi.yaml"),
    "name: fleet\nruntime: nodejs\nmain: index.js\ndescription: A platform team's program on the installed package.\n",
  );
  fs.writeFileSync(
    path.join(project, "index.js"),
    [
      'const { declareFromMappings } = require("pulumi-rewst-csp");',
      'const { summary, counts } = declareFromMappings("mappings.yaml");',
      "module.exports = { summary, counts };",
      "",
    ].join("\n"),
  );
  writeMappings(true);
  await runOk("npm", [
    "install",
    "--prefer-offline",
    "--no-audit",
    "--no-fund",
    "--ignore-scripts",
    "--loglevel=error",
  ]);

  // The emulator from the installed package, on any free port; it writes the settings that point at it.
  const configFile = path.join(project, "emulator-config.json");
  emulator = spawn(
    rewstCsp,
    [
      "emulator",
      "--port",
      "0",
      "--customers",
      String(CUSTOMERS),
      "--data-dir",
      path.join(work, "emulator"),
      "--config-out",
      configFile,
    ],
    { cwd: project, env, stdio: ["ignore", "ignore", "pipe"] },
  );
  let emulatorErrors = "";
  emulator.stderr!.on("data", (chunk: Buffer) => (emulatorErrors += chunk.toString()));
  for (let waited = 0; !fs.existsSync(configFile); waited += 100) {
    if (waited > 30_000 || emulator.exitCode !== null)
      throw new Error(`the installed emulator did not start:\n${emulatorErrors}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const settings = JSON.parse(fs.readFileSync(configFile, "utf8")) as Record<string, string>;

  await runOk("pulumi", ["stack", "init", STACK, "--non-interactive"]);
  await runOk("pulumi", ["config", "set-all", "--stack", STACK, ...configSetAllArgs(settings)]);
}, 600_000);

afterAll(() => {
  emulator?.kill("SIGTERM");
  if (project) fs.rmSync(path.dirname(project), { recursive: true, force: true });
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
        "dist/emulator/cli.js",
        "provider/contracts/rewst.graphqls",
        "LICENSE",
      ]),
    );
    const stray = tarballFiles.filter(
      (file) =>
        /^(dist\/)?(bench|scripts|test|stacks)\//.test(file) ||
        (file.endsWith(".ts") && !file.endsWith(".d.ts")),
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

  it("applies the mappings, then the drift check with the installed policy pack finds nothing", async () => {
    const up = await pulumi(["up", "--yes", "--skip-preview"]);
    expect(up.output).toMatch(new RegExp(`${2 + 2 * CUSTOMERS} created`));
    expect(up.code).toBe(0);

    const pack = (await runOk(rewstCsp, ["policy-pack"])).output.trim();
    expect(pack).toBe(
      path.join(fs.realpathSync(project), "node_modules", "pulumi-rewst-csp", "dist", "policies"),
    );
    const check = await pulumi(["preview", "--refresh", "--expect-no-changes", "--policy-pack", pack]);
    expect(check.output).toMatch(/rewst-csp@v0\.1\.0/);
    expect(check.code).toBe(0);
    // As a user runs it in the project: the selected stack and the installed pack by default.
    const report = await run(rewstCsp, ["report", "--json", "report.json"]);
    expect(report.output).toContain(`preview --refresh of stack ${STACK} with the policy pack ${pack}`);
    expect(report.code).toBe(0);
  });

  it("stores the provider as a require of the installed package's shim, one small string per type", async () => {
    const exported = await runOk("pulumi", ["stack", "export", "--stack", STACK]);
    const resources = (
      JSON.parse(exported.stdout) as {
        deployment: { resources: { type: string; inputs?: PropertyMap; outputs?: PropertyMap }[] };
      }
    ).deployment.resources.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/rewst-csp:"));
    expect(resources).toHaveLength(1 + 2 * CUSTOMERS);
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
    writeMappings(false);
    const preview = await pulumi(["preview", "--policy-pack", pack]);
    expect(preview.output).toContain("rewst-prod-sp-present");
    expect(preview.code).not.toBe(0);
    writeMappings(true);
  });
});
