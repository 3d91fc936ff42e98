/**
 * The newcomer's main job: `npm run demo` on the embedded emulator applies the dev stack's 25
 * customers, passes the drift check, and a second run shows no changes.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";

import { REPO_ROOT } from "./support/engine";

jest.setTimeout(600_000);

function demo(stateDir: string): Promise<{ code: number; output: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, REWST_CSP_DEMO_STATE_DIR: stateDir };
  delete env.PULUMI_CONFIG_PASSPHRASE; // the documented demo passphrase applies
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(REPO_ROOT, "dist/scripts/demo.js")], {
      cwd: REPO_ROOT,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, output }));
  });
}

describe("npm run demo", () => {
  const stateDir = path.join(REPO_ROOT, ".e2e-work", `demo-${process.pid}`);
  afterAll(() => fs.rmSync(stateDir, { recursive: true, force: true }));

  test("applies 25 customers on the emulator, passes the drift check, and a second run changes nothing", async () => {
    const first = await demo(stateDir);
    if (first.code !== 0) throw new Error(`npm run demo exited ${first.code}:\n${first.output.slice(-3000)}`);
    // 25 mappings, 25 consents, Rewst Prod and the stack itself.
    expect(first.output).toMatch(/pulumi up: +\+ 52 created/);
    expect(first.output).toMatch(/drift check: +clean: no drift, no mandatory policy violation/);
    expect(first.output).toMatch(/customers: +25 mapped, 25 with an active CSP Connector consent/);
    expect(first.output).toMatch(/customer-025 +Customer 025 Ltd +[0-9a-f-]{36} +orgs 1 +consent active/);

    const second = await demo(stateDir);
    expect(second.code).toBe(0);
    expect(second.output).toMatch(/pulumi up: +no changes \(52 unchanged\)/);
    expect(second.output).toMatch(/drift check: +clean/);
  });
});
