import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";

import { postToEmulator } from "../support/emulatorControl";
import {
  EMULATOR_HANDOFF_FILE,
  emulatorHandoffSchema,
  pulumiConfigJsonSchema,
} from "../../provider/contracts/emulatorHandoff";

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

describe("rewst-csp emulator, run by the rewst-csp command", () => {
  const MAIN = path.resolve(__dirname, "../../dist/provider/cli/main.js");
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "rewst-csp-emulator-parent-"));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  const waitFor = async (what: string, ready: () => boolean, ms = 30_000) => {
    for (let waited = 0; !ready(); waited += 100) {
      if (waited > ms) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  const listening = (port: number) =>
    new Promise<boolean>((resolve) => {
      const socket = net.connect(port, "127.0.0.1");
      socket.once("connect", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });

  test("leaves init its settings in Pulumi's own format, and stops when the command is killed", async () => {
    const configOut = path.join(dataDir, "emulator-config.json");
    const cli = spawn(
      process.execPath,
      [MAIN, "emulator", "--port", "0", "--customers", "2", "--data-dir", dataDir, "--config-out", configOut],
      { stdio: "ignore" },
    );
    const handoffFile = path.join(dataDir, EMULATOR_HANDOFF_FILE);
    await waitFor("the handoff file", () => fs.existsSync(handoffFile) && fs.existsSync(configOut));
    const handoff = emulatorHandoffSchema.parse(JSON.parse(fs.readFileSync(handoffFile, "utf8")));
    expect(handoff.customers.map((c) => c.companyName)).toEqual(["Customer 001 Ltd", "Customer 002 Ltd"]);
    expect(handoff.customers.every((c) => c.organizationId !== null)).toBe(true);
    // What `pulumi config set-all --json` reads: each key with its value and whether it is secret.
    const config = pulumiConfigJsonSchema.parse(JSON.parse(fs.readFileSync(configOut, "utf8")));
    expect(config).toEqual(handoff.config);
    expect(config["rewst-csp:partnerAppSecret"].secret).toBe(true);
    expect(config["rewst-csp:graphUrl"]).toEqual({ value: handoff.url, secret: false });

    // Customers added while it runs are in the file the next init reads.
    const ca = fs.readFileSync(config["rewst-csp:caCertificatePath"].value, "utf8");
    const added = await postToEmulator(`${handoff.url}/_emulator/customers`, ca, { count: 1 });
    expect(added).toBe(201);
    const grown = emulatorHandoffSchema.parse(JSON.parse(fs.readFileSync(handoffFile, "utf8")));
    expect(grown.customers.map((c) => c.companyName)).toEqual([
      "Customer 001 Ltd",
      "Customer 002 Ltd",
      "Customer 003 Ltd",
    ]);

    const port = Number(new URL(handoff.url).port);
    expect(await listening(port)).toBe(true);
    // No signal reaches the emulator itself: it notices its parent is gone.
    cli.kill("SIGKILL");
    let stillUp = true;
    for (let waited = 0; stillUp && waited < 10_000; waited += 200) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      stillUp = await listening(port);
    }
    expect(stillUp).toBe(false);
    expect(fs.existsSync(handoffFile)).toBe(false);
  }, 60_000);
});
