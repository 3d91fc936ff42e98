import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import * as pulumi from "@pulumi/pulumi";

import { createShimProvider, loadProviderRuntime } from "../../../provider/dynamic/shim";
import { CPV_CONSENT_TYPE } from "../../../provider/typeTokens";

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "shim-test-"));
}

function writePackage(root: string, version: string, runtimeBody: string): void {
  fs.mkdirSync(path.join(root, "dist/provider"), { recursive: true });
  fs.writeFileSync(path.join(root, "package.json"), JSON.stringify({ name: "pulumi-rewst-csp", version }));
  fs.writeFileSync(path.join(root, "dist/provider/runtime.js"), runtimeBody);
}

describe("the serialized shim", () => {
  test("serializes without config, secrets or references to package internals", async () => {
    const provider = createShimProvider(CPV_CONSENT_TYPE);
    const serialized = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: false });
    expect(serialized.containsSecrets).toBe(false);
    expect(serialized.text).toContain(CPV_CONSENT_TYPE);
    expect(serialized.text).toContain('"pulumi-rewst-csp"');
    // Only Node built-ins are required; package files are located at call time.
    const requires = [...serialized.text.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
    expect(requires.every((name) => ["path", "fs"].includes(name))).toBe(true);
  });
});

describe("loadProviderRuntime", () => {
  test("prefers the package installed in the program's node_modules", () => {
    const program = tempDir();
    writePackage(
      path.join(program, "node_modules/pulumi-rewst-csp"),
      "9.9.9",
      'exports.packageVersion = "9.9.9"; exports.implementations = {};',
    );
    expect(loadProviderRuntime(program).packageVersion).toBe("9.9.9");
  });

  test("falls back to a checkout of the package itself (its own stacks/ directory)", () => {
    const checkout = tempDir();
    writePackage(checkout, "1.2.3", 'exports.packageVersion = "1.2.3"; exports.implementations = {};');
    fs.mkdirSync(path.join(checkout, "stacks"));
    expect(loadProviderRuntime(path.join(checkout, "stacks")).packageVersion).toBe("1.2.3");
  });

  test("says how to fix a program without the package", () => {
    expect(() => loadProviderRuntime(tempDir())).toThrow(
      /IMPLEMENTATION_NOT_FOUND.*npm install pulumi-rewst-csp/,
    );
  });

  test("says how to fix an unbuilt checkout", () => {
    const checkout = tempDir();
    fs.writeFileSync(path.join(checkout, "package.json"), JSON.stringify({ name: "pulumi-rewst-csp" }));
    expect(() => loadProviderRuntime(checkout)).toThrow(/has no dist\/provider\/runtime\.js; build it first/);
  });
});
