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

/**
 * The provider's layers, top to bottom: a module imports modules of its own layer or below. The
 * program (CLI, stack program, entry points) drives resources; resources use the session (settings
 * and clients of one stack configuration) and the tenant reads; those use the clients; everything
 * may use the engine contract, config, the mappings file rules, the pure domain, the wire contracts
 * and the base declarations (errors, outputs, type tokens).
 */
const LAYERS: { name: string; rank: number; match: RegExp }[] = [
  {
    name: "program",
    rank: 8,
    match: /^provider\/(index|runtime|functions)$|^provider\/(cli|stack|native)\//,
  },
  { name: "resources", rank: 7, match: /^provider\/resources\// },
  { name: "session", rank: 6, match: /^provider\/session\// },
  { name: "tenant", rank: 5, match: /^provider\/tenant\// },
  { name: "clients", rank: 4, match: /^provider\/(clients|auth)\// },
  { name: "engine contract, config, mappings", rank: 3, match: /^provider\/(dynamic|config|mappings)\// },
  { name: "domain", rank: 2, match: /^provider\/domain\// },
  { name: "contracts", rank: 1, match: /^provider\/contracts\// },
  { name: "base", rank: 0, match: /^provider\/(errors|outputs|typeTokens|appIds|packageInfo|memo)$/ },
];
const layerOf = (file: string) =>
  LAYERS.find((layer) => layer.match.test(file.replace(/\.ts$/, ""))) ?? { name: "none", rank: -1 };

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

  test("provider layers import only their own layer or those below it (CONTRIBUTING.md)", () => {
    const offenders = sourceFiles("provider").flatMap((file) => {
      const from = layerOf(file);
      return importsOf(file)
        .filter((target) => target.startsWith("provider/"))
        .flatMap((target) => {
          const to = layerOf(target);
          return to.rank > from.rank ? [`${file} (${from.name}) imports ${target} (${to.name})`] : [];
        });
    });
    expect(offenders).toEqual([]);
  });

  test("every provider module has a layer", () => {
    expect(sourceFiles("provider").filter((file) => layerOf(file).rank < 0)).toEqual([]);
  });

  test("no import cycle among the provider's modules", () => {
    const modules = sourceFiles("provider").map((file) => file.replace(/\.ts$/, ""));
    const known = new Set(modules);
    const edges = new Map<string, string[]>(
      modules.map((m) => [m, importsOf(`${m}.ts`).filter((t) => known.has(t))]),
    );
    const cycles: string[] = [];
    const state = new Map<string, "open" | "done">();
    const visit = (m: string, trail: string[]) => {
      if (state.get(m) === "done") return;
      if (state.get(m) === "open") {
        cycles.push([...trail.slice(trail.indexOf(m)), m].join(" -> "));
        return;
      }
      state.set(m, "open");
      for (const next of edges.get(m) ?? []) visit(next, [...trail, m]);
      state.set(m, "done");
    };
    modules.forEach((m) => visit(m, []));
    expect(cycles).toEqual([]);
  });

  test("the domain is pure rules: no I/O, no clients, no session", () => {
    const io = /^(axios|axios-retry|@azure\/msal-node|graphql-ws|ws|https?|net|fs|child_process|bottleneck)$/;
    const offenders = sourceFiles("provider/domain").flatMap((file) => {
      const text = fs.readFileSync(path.join(ROOT, file), "utf8");
      return [...text.matchAll(/from\s+"([^".][^"]*)"/g)]
        .map((m) => m[1])
        .filter((spec) => io.test(spec))
        .map((spec) => `${file} imports ${spec}`);
    });
    expect(offenders).toEqual([]);
  });

  test("no emulator module passes 250 lines", () => {
    const long = sourceFiles("emulator")
      .map((file) => ({ file, lines: fs.readFileSync(path.join(ROOT, file), "utf8").split("\n").length }))
      .filter(({ lines }) => lines > 250)
      .map(({ file, lines }) => `${file}: ${lines} lines`);
    expect(long).toEqual([]);
  });

  test("every error the package makes is a ProviderError: no plain `new Error(` outside errors.ts (the serialized shim's bootstrap excepted)", () => {
    const bypasses = sourceFiles("provider")
      .filter((file) => file !== "provider/dynamic/shim.ts" && file !== "provider/errors.ts")
      .flatMap((file) =>
        fs
          .readFileSync(path.join(ROOT, file), "utf8")
          .split("\n")
          .flatMap((line, i) =>
            /new (Error|TypeError|RangeError)\(|extends Error\b/.test(line) ? [`${file}:${i + 1}`] : [],
          ),
      );
    expect(bypasses).toEqual([]);
  });
});
