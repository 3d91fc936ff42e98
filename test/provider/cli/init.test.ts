import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { parseDocument } from "yaml";

import { initCommand } from "../../../provider/cli/commands/init";
import { EXAMPLE_PROJECT, scaffoldFiles } from "../../../provider/cli/init/scaffold";
import type { EmulatorHandoff } from "../../../provider/contracts/emulatorHandoff";
import type { ProviderError } from "../../../provider/errors";
import { parseMappings } from "../../../provider/mappings/load";

const PARTNER = "11111111-1111-4111-8111-111111111111";
const HANDOFF: EmulatorHandoff = {
  url: "https://127.0.0.1:4443",
  config: { "rewst-csp:graphUrl": { value: "https://127.0.0.1:4443", secret: false } },
  partnerTenantId: PARTNER,
  rewstProdAppId: "06bfda05-2d5e-4b3b-ac5d-79f07e402973",
  customers: [
    {
      tenantId: "22222222-2222-4222-8222-222222222222",
      companyName: "Contoso Ltd.",
      organizationId: "33333333-3333-4333-8333-333333333333",
    },
    { tenantId: "44444444-4444-4444-8444-444444444444", companyName: "Contoso Ltd", organizationId: null },
  ],
};

const byPath = (files: { path: string; content: string }[]) => new Map(files.map((f) => [f.path, f.content]));

describe("rewst-csp init's files", () => {
  test("the example project, named for the new one, .gitignore under its own name", () => {
    const files = byPath(scaffoldFiles({ projectName: "msp-fleet", packageSpec: "file:/tmp/p.tgz" }));
    expect([...files.keys()].sort()).toEqual([
      ".github/workflows/apply.yml",
      ".github/workflows/drift-check.yml",
      ".github/workflows/scheduled-drift.yml",
      ".gitignore",
      "Pulumi.yaml",
      "index.ts",
      "mappings.yaml",
      "package.json",
      "tsconfig.json",
    ]);
    expect(files.get("Pulumi.yaml")).toMatch(/^name: msp-fleet$/m);
    const manifest = JSON.parse(files.get("package.json")!) as {
      name: string;
      dependencies: Record<string, string>;
    };
    expect(manifest.name).toBe("msp-fleet");
    expect(manifest.dependencies).toEqual({
      "@pulumi/pulumi": "^3.248.0",
      "pulumi-rewst-csp": "file:/tmp/p.tgz",
    });
    // Without an emulator the mappings file is the commented example, and valid as it is.
    expect(files.get("mappings.yaml")).toBe(
      fs.readFileSync(path.join(EXAMPLE_PROJECT, "mappings.yaml"), "utf8"),
    );
    expect(parseMappings(files.get("mappings.yaml")!).customers).toEqual([]);
  });

  test("with an emulator: its customers, named from their companies, and Rewst Prod; comments kept", () => {
    const text = byPath(scaffoldFiles({ projectName: "p", packageSpec: "^0.1.0", emulator: HANDOFF })).get(
      "mappings.yaml",
    )!;
    const mappings = parseMappings(text);
    expect(mappings.customers.map((c) => [c.name, c.tenantId, c.organizations])).toEqual([
      ["contoso-ltd", HANDOFF.customers[0].tenantId, [HANDOFF.customers[0].organizationId]],
      ["contoso-ltd-2", HANDOFF.customers[1].tenantId, []],
    ]);
    // The README's sample profile: delegated scopes and Graph app roles.
    expect(mappings.customers[0].consent?.grants).toEqual([
      expect.objectContaining({
        scopes: ["Directory.Read.All", "User.Read"],
        appRoles: ["Directory.Read.All"],
      }),
    ]);
    expect(mappings.enterpriseApplications).toEqual([
      { name: "rewst-prod", tenantId: PARTNER, applicationId: HANDOFF.rewstProdAppId },
    ]);
    expect(text).toContain("# Removing a customer offboards it");
    expect(parseDocument(text).errors).toEqual([]);
  });
});

describe("rewst-csp init refuses before writing anything", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "rewst-csp-init-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const refusal = (argv: string[]) =>
    initCommand.run(argv).then(
      () => undefined,
      (error: unknown) => error as ProviderError,
    );

  test("a folder that is not empty (a .git folder is fine)", async () => {
    fs.mkdirSync(path.join(dir, ".git"));
    fs.writeFileSync(path.join(dir, "notes.txt"), "mine");
    const error = await refusal([dir]);
    expect(error?.code).toBe("PROJECT_NOT_EMPTY");
    expect(error?.message).toContain("notes.txt");
    expect(fs.readdirSync(dir).sort()).toEqual([".git", "notes.txt"]);
  });

  test("--emulator with no emulator's settings in --emulator-dir", async () => {
    const project = path.join(dir, "fleet");
    const error = await refusal([project, "--emulator", "--emulator-dir", path.join(dir, "none")]);
    expect(error?.code).toBe("EMULATOR_NOT_FOUND");
    expect(error?.hint).toMatch(/start the emulator first/);
    expect(fs.existsSync(project)).toBe(false);
  });

  test("--emulator with a settings file that is not one (half written, another release)", async () => {
    const emulatorDir = path.join(dir, "emulator");
    fs.mkdirSync(emulatorDir);
    fs.writeFileSync(path.join(emulatorDir, "handoff.json"), '{"url": "https://127.0.0.1:1", "conf');
    const project = path.join(dir, "fleet");
    const error = await refusal([project, "--emulator", "--emulator-dir", emulatorDir]);
    expect([error?.code, error?.message]).toEqual([
      "EMULATOR_NOT_FOUND",
      expect.stringContaining("is not an emulator's settings file of this release"),
    ]);
    expect(fs.existsSync(project)).toBe(false);
  });

  test("emulator options without --emulator, and a folder name that is no project name", async () => {
    expect((await refusal([dir, "--stack", "dev"]))?.message).toContain("--stack goes with --emulator");
    const odd = path.join(dir, "my fleet");
    expect((await refusal([odd]))?.message).toMatch(
      /--name must be a project name .* from the folder's name/,
    );
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
