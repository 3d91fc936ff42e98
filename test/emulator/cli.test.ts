import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

// The built emulator command, as the package ships it (npm test builds first).
const CLI = path.resolve(__dirname, "../../dist/emulator/cli.js");

/** Runs the emulator until it has printed its customers, then stops it; resolves with what it printed. */
function startAndStop(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (/Rewst organizations \(\d+; id, name\)[^\n]*\n(?:.*\n){2}/.test(output)) child.kill("SIGTERM");
    });
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("exit", () => {
      clearTimeout(timer);
      resolve(output);
    });
  });
}

describe("rewst-csp emulator, as a user runs it", () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "rewst-csp-emulator-cli-"));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  test("prints the seeded customers' tenant ids and the organizations to map", async () => {
    const output = await startAndStop(["--port", "0", "--customers", "2", "--data-dir", dataDir]);
    expect(output).toMatch(/^CSP customers \(2; tenantId, company, linked organizations\):$/m);
    expect(output).toMatch(/^ {2}[0-9a-f-]{36} {2}Customer 001 Ltd {2}\[\]$/m);
    expect(output).toMatch(/^Rewst organizations \(\d+; id, name\), to map in the mappings file:$/m);
  }, 40_000);

  test("a kept state is not silently re-seeded: --customers is refused, naming the way out", () => {
    const again = spawnSync(
      process.execPath,
      [CLI, "--port", "0", "--customers", "5", "--data-dir", dataDir],
      {
        encoding: "utf8",
        timeout: 30_000,
      },
    );
    expect(again.status).toBe(1);
    expect(again.stderr).toContain(`${path.join(dataDir, "state.json")} holds the state of an earlier run`);
    expect(again.stderr).toContain("--customers would be ignored");
  });
});
