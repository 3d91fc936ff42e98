/**
 * Completes the compiled policy pack in dist/policies so it runs from an installed package
 * (`--policy-pack "$(npx rewst-csp policy-pack)"`): the pack's PulumiPolicy.yaml and a manifest whose
 * `main` is the compiled entry. Its modules resolve @pulumi/policy and @pulumi/pulumi from the
 * program's node_modules, so the pack needs no install of its own.
 */
import * as fs from "fs";
import * as path from "path";

import { PER_CUSTOMER_POLICIES, POLICIES } from "../policies/all";
import { APPLY_CONFIG_FILE, PACK_CONFIG_KEYS_FILE } from "../provider/cli/packConfig";

const REPO_ROOT = path.resolve(__dirname, "../..");
const source = path.join(REPO_ROOT, "policies");
const target = path.join(REPO_ROOT, "dist", "policies");

if (!fs.existsSync(path.join(target, "index.js"))) {
  throw new Error(`${target}/index.js is missing: compile first (tsc -p tsconfig.build.json)`);
}
fs.copyFileSync(path.join(source, "PulumiPolicy.yaml"), path.join(target, "PulumiPolicy.yaml"));
const manifest = JSON.parse(fs.readFileSync(path.join(source, "package.json"), "utf8")) as Record<
  string,
  unknown
>;
fs.writeFileSync(
  path.join(target, "package.json"),
  `${JSON.stringify({ name: manifest.name, version: manifest.version, description: manifest.description, private: true, license: manifest.license, main: "index.js" }, null, 2)}\n`,
);

// Each policy's config keys, for `rewst-csp report` to refuse a pack config with a typo in it
// (Pulumi itself ignores keys a policy's schema does not list).
fs.writeFileSync(
  path.join(target, PACK_CONFIG_KEYS_FILE),
  `${JSON.stringify(Object.fromEntries(POLICIES.map((p) => [p.name, Object.keys(p.configSchema?.properties ?? {})])), null, 2)}\n`,
);

// The apply workflow's pack config: per-customer policies advisory, so one customer never blocks
// the fleet's `pulumi up` (the drift check keeps them at their levels).
fs.writeFileSync(
  path.join(target, APPLY_CONFIG_FILE),
  `${JSON.stringify(Object.fromEntries(PER_CUSTOMER_POLICIES.map((name) => [name, "advisory"])), null, 2)}\n`,
);
