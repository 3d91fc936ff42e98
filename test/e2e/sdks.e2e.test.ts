/**
 * The generated SDKs (provider/native/sdk) are what `pulumi package gen-sdk` makes of the committed
 * schema today, and they compile: Go with the Go toolchain, Node.js with TypeScript; Python only to
 * bytecode, since the Pulumi Python SDK cannot be installed here (PyPI is not reachable), so no
 * Python program runs. (The .NET SDK has a unit test of its own: it is not regenerated here.)
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { REPO_ROOT } from "./support/engine";

jest.setTimeout(600_000);

const SDK_ROOT = path.join(REPO_ROOT, "provider", "native", "sdk");

/** Every file under a folder, by relative path, with its contents. */
function tree(root: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== "__pycache__") walk(full);
      } else files[path.relative(root, full)] = fs.readFileSync(full, "utf8");
    }
  };
  walk(root);
  return files;
}

describe("generated SDKs", () => {
  test("npm run sdk regenerates exactly the committed Go, Python and Node.js SDKs", () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "rewst-csp-sdks-"));
    try {
      execFileSync("bash", [path.join(REPO_ROOT, "scripts", "generate-sdks.sh"), out], { stdio: "pipe" });
      for (const language of ["go", "python", "nodejs"]) {
        const committed = tree(path.join(SDK_ROOT, language));
        expect(Object.keys(committed).length).toBeGreaterThan(10);
        expect({ language, files: tree(path.join(out, language)) }).toEqual({ language, files: committed });
      }
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });

  test("the Go SDK builds and passes go vet", () => {
    execFileSync("go", ["vet", "./..."], { cwd: path.join(SDK_ROOT, "go"), stdio: "pipe" });
  });

  test("the Node.js SDK type-checks with its own tsconfig (strict) against the SDK this package pins", () => {
    execFileSync(
      process.execPath,
      [
        require.resolve("typescript/bin/tsc"),
        "-p",
        path.join(SDK_ROOT, "nodejs", "tsconfig.json"),
        "--noEmit",
      ],
      { stdio: "pipe" },
    );
  });

  test("every Python module compiles (syntax only: no Pulumi Python SDK here)", () => {
    const modules = Object.keys(tree(path.join(SDK_ROOT, "python"))).filter((f) => f.endsWith(".py"));
    expect(modules).toContain("pulumi_rewst_csp/cpv_consent.py");
    const cache = fs.mkdtempSync(path.join(os.tmpdir(), "rewst-csp-pycache-"));
    try {
      execFileSync("python3", ["-m", "compileall", "-q", path.join(SDK_ROOT, "python")], {
        stdio: "pipe",
        env: { ...process.env, PYTHONPYCACHEPREFIX: cache },
      });
    } finally {
      fs.rmSync(cache, { recursive: true, force: true });
    }
  });
});
