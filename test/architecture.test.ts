/**
 * The layering the README describes, checked on the source tree: what may import what, and how
 * large a module may grow before it is split.
 */
import * as fs from "fs";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..");

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : sourceFiles(relative);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [relative] : [];
  });
}

/** Module specifiers a file imports or requires, resolved to paths relative to the root. */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(path.join(ROOT, file), "utf8");
  const specifiers = [...text.matchAll(/(?:from\s+|require\(|import\()\s*"(\.[^"]+)"/g)].map((m) => m[1]);
  return specifiers.map((s) => path.normalize(path.join(path.dirname(file), s)));
}

describe("architecture", () => {
  test("the CLI, the mappings and the emulator never reach into a resource's implementation", () => {
    const offenders = ["provider/cli", "provider/mappings", "emulator"].flatMap(sourceFiles).flatMap((file) =>
      importsOf(file)
        .filter((target) => /^provider\/resources\/[^/]+\/implementation$/.test(target))
        .map((target) => `${file} imports ${target}`),
    );
    expect(offenders).toEqual([]);
  });

  test("the product never imports the emulator (the CLI runs it as a process, found by path)", () => {
    const offenders = ["provider", "policies"].flatMap(sourceFiles).flatMap((file) =>
      importsOf(file)
        .filter((target) => target === "emulator" || target.startsWith("emulator/"))
        .map((target) => `${file} imports ${target}`),
    );
    expect(offenders).toEqual([]);
  });

  test("the policy pack loads only pure modules of the package, and lists every package it loads", () => {
    const pure = /^provider\/(domain\/|contracts\/|outputs$|typeTokens$|appIds$)/;
    const files = sourceFiles("policies");
    const offenders = files.flatMap((file) => {
      // Type-only imports are erased at compile time; what the pack loads is what it imports for values.
      const text = fs.readFileSync(path.join(ROOT, file), "utf8").replace(/^import type [^;]+;$/gm, "");
      const values = [...text.matchAll(/from\s+"(\.[^"]+)"/g)].map((m) =>
        path.normalize(path.join(path.dirname(file), m[1])),
      );
      return values
        .filter((target) => target.startsWith("provider/") && !pure.test(target))
        .map((target) => `${file} loads ${target}`);
    });
    expect(offenders).toEqual([]);
    // The packages the pack (and the pure modules it loads) import, each listed in policies/package.json.
    const loaded = new Set<string>();
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = fs.readFileSync(path.join(ROOT, file), "utf8").replace(/^import type [^;]+;$/gm, "");
      for (const [, spec] of text.matchAll(/from\s+"([^"]+)"/g)) {
        if (spec.startsWith(".")) {
          const target = path.normalize(path.join(path.dirname(file), spec));
          if (fs.existsSync(path.join(ROOT, `${target}.ts`))) visit(`${target}.ts`);
        } else loaded.add(spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0]);
      }
    };
    files.forEach(visit);
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "policies", "package.json"), "utf8")) as {
      dependencies: Record<string, string>;
    };
    const builtins = new Set(["fs", "path", "crypto", "util", "os"]);
    expect([...loaded].filter((p) => !builtins.has(p) && !(p in manifest.dependencies)).sort()).toEqual([]);
  });

  test("the domain layer imports nothing above it (resources, the stack program, the CLI)", () => {
    const offenders = sourceFiles("provider/domain").flatMap((file) =>
      importsOf(file)
        .filter((target) => /^provider\/(resources|stack|cli|mappings)\//.test(target))
        .map((target) => `${file} imports ${target}`),
    );
    expect(offenders).toEqual([]);
  });

  test("no emulator module passes 250 lines", () => {
    const long = sourceFiles("emulator")
      .map((file) => ({ file, lines: fs.readFileSync(path.join(ROOT, file), "utf8").split("\n").length }))
      .filter(({ lines }) => lines > 250)
      .map(({ file, lines }) => `${file}: ${lines} lines`);
    expect(long).toEqual([]);
  });

  test("every error the package throws is a ProviderError (the serialized shim's bootstrap errors excepted)", () => {
    const bypasses = sourceFiles("provider")
      .filter((file) => file !== "provider/dynamic/shim.ts")
      .flatMap((file) =>
        fs
          .readFileSync(path.join(ROOT, file), "utf8")
          .split("\n")
          .flatMap((line, i) =>
            /throw new (Error|TypeError|RangeError)\(|extends Error\b/.test(line) ? [`${file}:${i + 1}`] : [],
          ),
      );
    expect(bypasses.filter((where) => !where.startsWith("provider/errors.ts"))).toEqual([]);
  });
});
