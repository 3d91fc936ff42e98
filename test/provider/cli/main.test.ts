import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { COMMANDS } from "../../../provider/cli/commands";
import { reportCommand } from "../../../provider/cli/commands/report";
import { shardsCommand } from "../../../provider/cli/commands/shards";
import { helpOf } from "../../../provider/cli/help";

// The built command, as npm installs it (npm test builds first).
const MAIN = path.resolve(__dirname, "../../../dist/provider/cli/main.js");
const run = (args: string[], env: NodeJS.ProcessEnv = process.env) =>
  spawnSync(process.execPath, [MAIN, ...args], { encoding: "utf8", env });

describe("rewst-csp command line", () => {
  test("an unknown command exits 2 with the usage and the exit codes", () => {
    const result = run(["frobnicate"]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("rewst-csp: unknown command frobnicate");
    expect(result.stderr).toContain(
      "exit codes: 0 clean; 1 error; 2 usage mistake; report 5 drift, 3 mandatory policy violation; import 4 partial (nothing written)",
    );
    expect(result.stderr).toContain("rewst-csp rotate-token [--stack <name>]");
    expect(run([]).stderr).toContain("rewst-csp: name a command");
  });

  test("--help lists every command; help <command> and <command> --help describe it and each option; exit 0", () => {
    const all = run(["--help"]);
    expect(all.status).toBe(0);
    // Every command's help, built in process from the same table (each spawn costs a node start).
    for (const command of COMMANDS) {
      expect(all.stdout).toMatch(new RegExp(`^  rewst-csp ${command.name}\\b`, "m"));
      const text = helpOf(command);
      expect(text).toMatch(new RegExp(`^rewst-csp ${command.name}: \\w`));
      expect(text).toMatch(new RegExp(`^usage: rewst-csp ${command.name}\\b`, "m"));
      for (const [flag] of command.options) expect(command.usage).toContain(flag.split(" ")[0]);
    }
    expect(COMMANDS.map((c) => c.name)).toEqual([
      "init",
      "report",
      "import",
      "rotate-token",
      "policy-pack",
      "shards",
      "migrate-to-native",
      "emulator",
    ]);
    const report = run(["help", "report"]);
    expect([report.status, report.stderr, report.stdout]).toEqual([0, "", `${helpOf(reportCommand)}\n`]);
    expect(report.stdout).toMatch(/^ {2}--stack <name> +the stack to read \(default: the stack selected/m);
    expect(report.stdout).toMatch(
      /^ {2}--policy-pack <dir> +the policy pack \(default: the one installed with this package/m,
    );
    expect(run(["shards", "-h"]).stdout).toBe(`${helpOf(shardsCommand)}\n`);
    expect(run(["report", "--stack", "x", "--help"]).stdout).toBe(report.stdout);
    expect(run(["help", "frobnicate"]).stderr).toContain("unknown command frobnicate");
  });

  test("--version prints the package's version and exits 0", () => {
    const result = run(["--version"]);
    const manifest = JSON.parse(
      fs.readFileSync(path.resolve(__dirname, "../../../package.json"), "utf8"),
    ) as { version: string };
    expect([result.status, result.stdout]).toEqual([0, `${manifest.version}\n`]);
  });

  test("a usage mistake exits 2 and prints that command's help; missing required options are named", () => {
    const bogus = run(["report", "--stack", "dev", "--bogus"]);
    expect(bogus.status).toBe(2);
    expect(bogus.stderr).toContain("rewst-csp: report: Unknown option '--bogus'");
    expect(bogus.stderr).toContain("usage: rewst-csp report [--stack <name>]");
    expect(bogus.stderr).not.toContain("rewst-csp import");
    expect(run(["import", "--stack", "dev"]).stderr).toContain("rewst-csp: --out is required");
    expect(run(["import", "--stack", "dev", "--out", "x.yaml", "--via", "portal"]).stderr).toContain(
      '--via must be "partnerCenter" or "rewst"',
    );
  });

  test("without the pulumi CLI on PATH it says so", () => {
    const result = run(["report", "--stack", "dev"], {
      ...process.env,
      PATH: path.dirname(process.execPath),
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("the pulumi CLI is not on PATH");
  });

  test("shards prints the stacks of a fleet as JSON for a CI matrix, or the default stack of an unsharded file", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rewst-csp-cli-"));
    try {
      const file = path.join(dir, "mappings.yaml");
      fs.writeFileSync(file, "shards: [fleet-00, fleet-01]\ncustomers: []\n");
      expect(run(["shards", file]).stdout).toBe('["fleet-00","fleet-01"]\n');
      fs.writeFileSync(file, "customers: []\n");
      expect(run(["shards", file, "--default-stack", "prod"]).stdout).toBe('["prod"]\n');
      const missing = run(["shards", file]);
      expect([missing.status, missing.stderr]).toEqual([
        2,
        expect.stringContaining("has no shards list; pass --default-stack"),
      ]);
      fs.writeFileSync(file, "shards: [fleet 00]\ncustomers: []\n");
      expect(run(["shards", file]).stderr).toMatch(/mappings\.yaml:1:\d+ shards\[0\] must be a stack name/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
