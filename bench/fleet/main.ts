/**
 * `npm run bench:fleet -- [--customers 100] [--latency 40] [--parallelism 0] [--shards 1] [--skip-baseline] [--skip-checkpoints] [--keep]`
 *
 * The product's `pulumi up` and drift check (`preview --refresh --expect-no-changes`) over N
 * customers from a generated mappings file, against the emulator with the given latency on every
 * route, and a no-op dynamic-provider baseline with the same resource count in the same run. With
 * `--shards n` the fleet is split across n stacks (the mappings file's `shards:`), run one after
 * another. Prints times, ratios against the baseline, requests by route, token requests, state
 * bytes per resource and the peak memory of the CLI, program and provider processes.
 */
import { randomUUID } from "crypto";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseArgs } from "util";

import { configSetAllArgs, emulatorStackConfig } from "../../emulator/providerSettings";
import { startEmulator } from "../../emulator/server";
import { generateSeed } from "../../emulator/state/seed";
import { type PhaseReport, describePhase, printHeader, printTargets } from "./report";
import { type Timed, createProjects, packPackage, runMeasured } from "./projects";
import { writeSeedMappings } from "../../emulator/seedMappings";
import { isolatedPulumiEnv } from "../../scripts/pulumiEnv";

/** Bytes of the call stacks the engine records with every resource (sourcePosition, stackTrace). */
function engineTraceBytes(checkpoint: string): number {
  const resources = (
    JSON.parse(checkpoint) as { checkpoint: { latest?: { resources?: Record<string, unknown>[] } } }
  ).checkpoint.latest?.resources;
  return (resources ?? []).reduce(
    (sum, r) =>
      sum + JSON.stringify(r.stackTrace ?? "").length + JSON.stringify(r.sourcePosition ?? "").length,
    0,
  );
}

const REPO_ROOT = path.resolve(__dirname, "..", "..", "..");

function options() {
  const { values } = parseArgs({
    options: {
      customers: { type: "string", default: "100" },
      latency: { type: "string", default: "40" },
      parallelism: { type: "string", default: "0" },
      shards: { type: "string", default: "1" },
      "skip-baseline": { type: "boolean", default: false },
      keep: { type: "boolean", default: false },
      "skip-checkpoints": { type: "boolean", default: false },
    },
  });
  const whole = (name: string, value: string, min: number) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min)
      throw new Error(`--${name} must be a whole number ≥ ${min}, got "${value}"`);
    return n;
  };
  return {
    customers: whole("customers", values.customers, 1),
    latencyMs: whole("latency", values.latency, 0),
    parallelism: whole("parallelism", values.parallelism, 0),
    shards: whole("shards", values.shards, 1),
    skipBaseline: values["skip-baseline"],
    keep: values.keep,
    skipCheckpoints: values["skip-checkpoints"],
  };
}

async function main(): Promise<void> {
  const opts = options();
  const bin = execFileSync("bash", [path.join(REPO_ROOT, "scripts", "ensure-pulumi.sh")], {
    encoding: "utf8",
  }).trim();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "rewst-csp-fleet-"));
  const pulumiVersion = (
    JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as {
      devDependencies: Record<string, string>;
    }
  ).devDependencies["@pulumi/pulumi"];
  const { product, baseline } = createProjects(work, packPackage(REPO_ROOT, work), pulumiVersion);
  const stackNames = Array.from({ length: opts.shards }, (_, i) =>
    opts.shards === 1 ? "fleet" : `fleet-${String(i).padStart(2, "0")}`,
  );

  const seed = generateSeed({ customerCount: opts.customers });
  writeSeedMappings(path.join(product, "mappings.yaml"), seed, opts.shards > 1 ? { shards: stackNames } : {});
  const emulator = await startEmulator({ seed, dataDir: path.join(work, "emulator"), persist: false });
  if (opts.latencyMs > 0)
    emulator.control.setFaults([
      { route: "^(?!control\\.)", kind: "latency", latencyMs: opts.latencyMs, probability: 1 },
    ]);

  const env = isolatedPulumiEnv({
    engineBin: bin,
    home: path.join(work, "pulumi-home"),
    backendDir: path.join(work, "state"),
    passphrase: `fleet-bench-${randomUUID()}`,
    extra: {
      NODE_PATH: "",
      // Product and baseline alike: state is saved at the end of each run only.
      ...(opts.skipCheckpoints ? { PULUMI_SKIP_CHECKPOINTS: "true" } : {}),
    },
  });
  fs.mkdirSync(path.join(work, "state"));
  const parallel = opts.parallelism > 0 ? ["--parallel", String(opts.parallelism)] : [];
  const pulumi = (cwd: string, args: string[]) =>
    runMeasured("pulumi", [...args, "--non-interactive", "--color", "never"], { cwd, env });
  const ok = (what: string, run: Timed): Timed => {
    if (run.code !== 0) throw new Error(`${what} exited ${run.code}:\n${run.output.slice(-4000)}`);
    return run;
  };
  const settings = emulatorStackConfig(emulator);
  const resources = 2 * opts.customers + 1;

  const facts = { ...opts, resources, tenants: opts.customers + 1 };
  printHeader(facts);
  const phases: PhaseReport[] = [];
  // Runs one phase over every stack, one after another; times and requests are summed.
  const phase = async (name: string, cwd: string, stacks: string[], args: string[], measure: boolean) => {
    emulator.control.requestLog.length = 0;
    const runs: Timed[] = [];
    for (const stack of stacks)
      runs.push(ok(`${name} (${stack})`, await pulumi(cwd, [...args, "--stack", stack])));
    let stateBytes = 0;
    let traceBytes = 0;
    const project = cwd === baseline ? "noop" : "fleet";
    for (const stack of stacks) {
      // The checkpoint file as the backend writes it after every step.
      const checkpoint = fs.readFileSync(
        path.join(work, "state", ".pulumi", "stacks", project, `${stack}.json`),
        "utf8",
      );
      stateBytes += Buffer.byteLength(checkpoint);
      traceBytes += engineTraceBytes(checkpoint);
    }
    if (measure) {
      const report: PhaseReport = {
        name,
        runs,
        requests: [...emulator.control.requestLog],
        stateBytes,
        traceBytes,
        resources,
      };
      phases.push(report);
      // Each phase is printed when measured, so a later failure loses nothing.
      process.stdout.write(`${describePhase(report)}\n`);
    }
  };

  try {
    for (const stack of stackNames) {
      ok("stack init", await pulumi(product, ["stack", "init", stack]));
      ok(
        "config",
        await pulumi(product, ["config", "set-all", "--stack", stack, ...configSetAllArgs(settings)]),
      );
    }
    await phase("up", product, stackNames, ["up", "--yes", "--skip-preview", ...parallel], true);
    await phase(
      "drift check",
      product,
      stackNames,
      ["preview", "--refresh", "--expect-no-changes", ...parallel],
      true,
    );
    if (!opts.skipBaseline) {
      ok("baseline init", await pulumi(baseline, ["stack", "init", "noop"]));
      ok(
        "baseline config",
        await pulumi(baseline, ["config", "set", "resources", String(resources), "--stack", "noop"]),
      );
      await phase("baseline up", baseline, ["noop"], ["up", "--yes", "--skip-preview", ...parallel], true);
      await phase(
        "baseline refresh",
        baseline,
        ["noop"],
        ["preview", "--refresh", "--expect-no-changes", ...parallel],
        true,
      );
    }
    printTargets(facts, phases);
  } finally {
    await emulator.stop();
    if (opts.keep) process.stdout.write(`projects and state kept in ${work}\n`);
    else fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:fleet failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
