/**
 * The two Pulumi projects the fleet benchmark runs, both in a temporary folder outside the
 * checkout: the product exactly as a platform team installs it (the `npm pack` tarball, a
 * three-line program over a mappings file), and a no-op dynamic-provider baseline with the same
 * resource count, so every ratio compares runs of the same engine on the same machine.
 */
import { execFileSync, spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";

import { type PeakRss, sampleProcessTree } from "./processes";

export interface Timed {
  code: number;
  seconds: number;
  output: string;
  peakRss: PeakRss;
}

/** Runs a command to its end, timing it and sampling the memory of every process it starts. */
export function runMeasured(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
    const sampler = sampleProcessTree(child.pid!);
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) =>
      resolve({
        code: code ?? -1,
        seconds: (performance.now() - started) / 1000,
        output,
        peakRss: sampler.stop(),
      }),
    );
  });
}

/** The package as `npm publish` would upload it (dist/ must be built). */
export function packPackage(repoRoot: string, destination: string): string {
  const packed = JSON.parse(
    execFileSync("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", destination], {
      cwd: repoRoot,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }),
  ) as { filename: string }[];
  return path.join(destination, packed[0].filename);
}

const PROGRAM = [
  'const { declareFromMappings } = require("pulumi-rewst-csp");',
  'const { counts } = declareFromMappings("mappings.yaml");',
  "module.exports = { counts };",
  "",
].join("\n");

// Each resource's provider is one object shared by all, so the SDK serializes it once, as the
// product's shim is; create and read answer at once, and diff never plans a change.
const BASELINE_PROGRAM = [
  'const pulumi = require("@pulumi/pulumi");',
  "const provider = {",
  "  create: async (inputs) => ({ id: inputs.key, outs: inputs }),",
  "  read: async (id, props) => ({ id, props }),",
  "  diff: async () => ({ changes: false }),",
  "};",
  'const count = Number(new pulumi.Config().require("resources"));',
  "for (let i = 0; i < count; i++)",
  '  new pulumi.dynamic.Resource(provider, `noop-${i}`, { key: `noop-${i}` }, {}, "noop", "Noop");',
  "",
].join("\n");

/** Creates the product project (and the baseline inside it) and installs the tarball. */
export function createProjects(work: string, tarball: string, pulumiVersion: string) {
  const product = path.join(work, "fleet");
  const baseline = path.join(product, "baseline");
  fs.mkdirSync(baseline, { recursive: true });
  fs.writeFileSync(
    path.join(product, "package.json"),
    JSON.stringify({
      name: "fleet-bench",
      private: true,
      dependencies: { "@pulumi/pulumi": pulumiVersion, "pulumi-rewst-csp": `file:${tarball}` },
    }),
  );
  fs.writeFileSync(path.join(product, "Pulumi.yaml"), "name: fleet\nruntime: nodejs\nmain: index.js\n");
  fs.writeFileSync(path.join(product, "index.js"), PROGRAM);
  // The baseline resolves @pulumi/pulumi from the product's node_modules, one folder up.
  fs.writeFileSync(path.join(baseline, "Pulumi.yaml"), "name: noop\nruntime: nodejs\nmain: index.js\n");
  fs.writeFileSync(path.join(baseline, "index.js"), BASELINE_PROGRAM);
  execFileSync(
    "npm",
    ["install", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"],
    { cwd: product, stdio: ["ignore", "ignore", "inherit"] },
  );
  return { product, baseline };
}
