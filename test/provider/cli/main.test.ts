import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

// The built command, as npm installs it (npm test builds first).
const MAIN = path.resolve(__dirname, "../../../dist/provider/cli/main.js");
const run = (args: string[], env: NodeJS.ProcessEnv = process.env) =>
  spawnSync(process.execPath, [MAIN, ...args], { encoding: "utf8", env });

describe("rewst-csp command line", () => {
  test("an unknown command exits 1 with the usage and the report's exit codes", () => {
    const result = run(["frobnicate"]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("rewst-csp: unknown command frobnicate");
    expect(result.stderr).toContain(
      "exit codes: report 0 clean, 2 drift, 3 mandatory policy violation; import 4 partial (nothing written); 1 error",
    );
    expect(result.stderr).toContain("rewst-csp rotate-token --stack <name>");
  });

  test("--help prints the usage built from every command's declaration, and exits 0", () => {
    for (const args of [["--help"], ["report", "--help"]]) {
      const result = run(args);
      expect(result.status).toBe(0);
      for (const command of ["report", "import", "rotate-token", "policy-pack", "shards", "emulator"])
        expect(result.stdout).toMatch(new RegExp(`^  rewst-csp ${command}\\b`, "m"));
      expect(result.stdout).toContain(
        "rewst-csp report --stack <name> [--cwd <project>] [--policy-pack <dir>]",
      );
    }
  });

  test("missing required options are named", () => {
    expect(run(["report"]).stderr).toContain("rewst-csp: --stack is required");
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
        1,
        expect.stringContaining("has no shards list; pass --default-stack"),
      ]);
      fs.writeFileSync(file, "shards: [fleet 00]\ncustomers: []\n");
      expect(run(["shards", file]).stderr).toMatch(/mappings\.yaml:1:\d+ shards\[0\] must be a stack name/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
