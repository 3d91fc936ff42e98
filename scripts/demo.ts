/**
 * `npm run demo`: the main job on the embedded emulator.
 *
 * Starts the loopback emulator the dev stack points at (Pulumi.dev.yaml), seeded with 25 CSP
 * customers, runs `pulumi up` on the dev stack (the customers of stacks/mappings.dev.yaml), then the
 * pull-request drift check `pulumi preview --refresh --policy-pack policies`, and prints a summary.
 * Stack state and emulator state live in .pulumi-state/ (git-ignored), so a second run reports no
 * changes.
 */
import { spawn, execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

import { parse } from "yaml";

import { startEmulator } from "../emulator/server";
import { generateSeed } from "../emulator/state/seed";
import { isolatedPulumiEnv } from "./pulumiEnv";

const REPO_ROOT = path.resolve(__dirname, "../..");
const CERTIFICATES_DIR = path.join(REPO_ROOT, ".pulumi-state", "emulator");
// Stack and emulator state; tests point it elsewhere (the CA stays where Pulumi.dev.yaml expects it).
const STATE_DIR = path.resolve(process.env.REWST_CSP_DEMO_STATE_DIR ?? path.join(REPO_ROOT, ".pulumi-state"));
const STACK = "dev";
const DEMO_CUSTOMERS = 25;
// Documented in Pulumi.dev.yaml: it only protects the emulator's demo token.
const DEMO_PASSPHRASE = "rewst-csp-demo";

interface RunResult {
  code: number;
  output: string;
}

function heading(text: string): void {
  process.stdout.write(`\n=== ${text} ===\n`);
}

/** Runs pulumi, echoing its output live and returning it for the summary. */
function pulumi(args: string[], env: NodeJS.ProcessEnv): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn("pulumi", [...args, "--stack", STACK, "--non-interactive"], {
      cwd: REPO_ROOT,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const echo = (chunk: Buffer) => {
      output += chunk.toString();
      process.stdout.write(chunk);
    };
    child.stdout.on("data", echo);
    child.stderr.on("data", echo);
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, output }));
  });
}

function resourceSummary(output: string): string {
  const block = /Resources:\n((?:\s{4}.*\n?)+)/.exec(output)?.[1] ?? "";
  return block
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean)
    .join(", ");
}

async function main(): Promise<void> {
  heading("Pulumi engine");
  const bin = execFileSync("bash", [path.join(REPO_ROOT, "scripts/ensure-pulumi.sh")], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  }).trim();

  fs.mkdirSync(STATE_DIR, { recursive: true });
  const env = isolatedPulumiEnv({
    engineBin: bin,
    home: path.join(STATE_DIR, "home"),
    backendDir: STATE_DIR,
  });
  if (env.PULUMI_CONFIG_PASSPHRASE === undefined && env.PULUMI_CONFIG_PASSPHRASE_FILE === undefined) {
    env.PULUMI_CONFIG_PASSPHRASE = DEMO_PASSPHRASE;
  }

  const select = await pulumi(["stack", "select", "--create"], env);
  if (select.code !== 0) throw new Error("could not select the dev stack");

  // The emulator serves exactly the origin the dev stack is configured for.
  const stackConfig = parse(fs.readFileSync(path.join(REPO_ROOT, "Pulumi.dev.yaml"), "utf8")) as {
    config: Record<string, unknown>;
  };
  const url = new URL(String(stackConfig.config["rewst-csp:graphUrl"]));
  const emulator = await startEmulator({
    port: Number(url.port),
    seed: generateSeed({ customerCount: DEMO_CUSTOMERS }),
    dataDir: CERTIFICATES_DIR,
    persist: true,
    stateFile: path.join(STATE_DIR, "emulator-state.json"),
  });
  heading(`Embedded emulator on ${emulator.url} (${DEMO_CUSTOMERS} CSP customers, CA ${emulator.caPath})`);

  try {
    heading("pulumi up");
    const up = await pulumi(["up", "--yes", "--skip-preview"], env);
    if (up.code !== 0) throw new Error(`pulumi up failed (exit ${up.code})`);

    heading("pulumi preview --refresh --policy-pack policies (the pull-request drift check)");
    const check = await pulumi(
      ["preview", "--refresh", "--expect-no-changes", "--policy-pack", path.join(REPO_ROOT, "policies")],
      env,
    );

    heading("Summary");
    const upSummary = resourceSummary(up.output);
    const changed = /\b(created|updated|deleted|replaced)\b/.test(upSummary);
    process.stdout.write(`pulumi up:      ${changed ? upSummary : `no changes (${upSummary})`}\n`);
    process.stdout.write(
      `drift check:    ${check.code === 0 ? "clean: no drift, no mandatory policy violation" : "FAILED: drift or a mandatory policy violation (see above)"}\n`,
    );
    const summary = JSON.parse(
      execFileSync("pulumi", ["stack", "output", "summary", "--json", "--stack", STACK], {
        cwd: REPO_ROOT,
        env,
        encoding: "utf8",
      }),
    ) as Record<string, { tenantId: string; company: string; organizations: string[]; consent: string }>;
    const rows = Object.entries(summary);
    const active = rows.filter(([, c]) => c.consent === "active").length;
    process.stdout.write(
      `customers:      ${rows.length} mapped, ${active} with an active CSP Connector consent\n`,
    );
    for (const [name, c] of rows) {
      process.stdout.write(
        `  ${name.padEnd(14)} ${c.company.padEnd(18)} ${c.tenantId}  orgs ${c.organizations.length}  consent ${c.consent}\n`,
      );
    }
    process.stdout.write(`state: ${STATE_DIR} (delete it to start over)\n`);
    if (check.code !== 0) process.exitCode = 1;
  } finally {
    await emulator.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
