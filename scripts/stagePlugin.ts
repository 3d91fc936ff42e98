/**
 * Puts the native provider plugin's launcher beside the compiled provider (dist/provider/native/bin),
 * executable, so `plugins.providers[].path` can name that folder of the installed package; and the
 * source-based plugin's folder (dist/provider/native/plugin: PulumiPlugin.yaml and a package.json
 * whose main is the compiled plugin) for `pulumi package add`.
 */
import * as fs from "fs";
import * as path from "path";

const REPO_ROOT = path.resolve(__dirname, "../..");
const launcher = "pulumi-resource-rewst-csp";
const target = path.join(REPO_ROOT, "dist", "provider", "native", "bin");

if (!fs.existsSync(path.join(target, "..", "main.js"))) {
  throw new Error(`${target}/../main.js is missing: compile first (tsc -p tsconfig.build.json)`);
}
fs.mkdirSync(target, { recursive: true });
fs.copyFileSync(path.join(REPO_ROOT, "provider", "native", "bin", launcher), path.join(target, launcher));
fs.chmodSync(path.join(target, launcher), 0o755);

const plugin = path.join(REPO_ROOT, "dist", "provider", "native", "plugin");
fs.mkdirSync(plugin, { recursive: true });
for (const file of ["PulumiPlugin.yaml", "package.json"])
  fs.copyFileSync(path.join(REPO_ROOT, "provider", "native", "plugin", file), path.join(plugin, file));
