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
