/**
 * The docs' reference tables agree with the code: the README's configuration table with the
 * provider's config schema, the layout table of docs/architecture.md with the tree.
 */
import * as fs from "fs";
import * as path from "path";

import { z } from "zod";

import { CONFIG_NAMESPACE } from "../provider/config/configSource";
import { SECRET_KEYS, providerConfigSchema } from "../provider/config/providerConfig";

const ROOT = path.resolve(__dirname, "..");
const README = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
const ARCHITECTURE = fs.readFileSync(path.join(ROOT, "docs", "architecture.md"), "utf8");

/** The rows of the first Markdown table after a heading, as cells. */
function tableAfter(heading: string, text = README): string[][] {
  const start = text.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`no heading "${heading}"`);
  const lines = text.slice(start).split("\n");
  const first = lines.findIndex((line) => line.startsWith("|"));
  const rows: string[][] = [];
  for (const line of lines.slice(first)) {
    if (!line.startsWith("|")) break;
    rows.push(
      line
        .slice(1, -1)
        .split("|")
        .map((cell) => cell.trim()),
    );
  }
  return rows.slice(2); // header and separator
}

const codeSpans = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]);

describe("README configuration table", () => {
  const rows = tableAfter("### Configuration").flatMap(([keys, secret, fallback]) =>
    codeSpans(keys)
      .filter((key) => key.startsWith(`${CONFIG_NAMESPACE}:`))
      .map((key) => ({ key: key.slice(CONFIG_NAMESPACE.length + 1), secret: secret !== "", fallback })),
  );
  const shape = providerConfigSchema.shape;

  test("lists every provider setting once, and no setting the provider does not read", () => {
    expect(rows.map((row) => row.key).sort()).toEqual(Object.keys(shape).sort());
  });

  test("marks exactly the secret settings as secret", () => {
    expect(
      rows
        .filter((row) => row.secret)
        .map((row) => row.key)
        .sort(),
    ).toEqual([...SECRET_KEYS].sort());
  });

  test("gives each default the schema applies", () => {
    const mismatched = rows.flatMap(({ key, fallback }) => {
      const field = shape[key as keyof typeof shape];
      const parsed = z.object({ value: field }).safeParse({});
      const schemaDefault =
        parsed.success && parsed.data.value !== undefined ? String(parsed.data.value) : undefined;
      // "derived (…)" documents a default computed from another setting, not one the schema applies.
      const documented = fallback.startsWith("derived") ? undefined : codeSpans(fallback)[0];
      return schemaDefault === documented
        ? []
        : [`${key}: README ${documented ?? "(none)"}, schema ${schemaDefault ?? "(none)"}`];
    });
    expect(mismatched).toEqual([]);
  });
});

describe("docs/architecture.md layout table", () => {
  const table = tableAfter("## Layout", ARCHITECTURE);
  const listed = table.flatMap(([cell]) => codeSpans(cell).map((p) => p.replace(/\/$/, "")));

  test("names only paths that exist", () => {
    expect(listed.filter((p) => !fs.existsSync(path.join(ROOT, p)))).toEqual([]);
  });

  test("names every top-level folder of the repository", () => {
    const folders = fs
      .readdirSync(ROOT, { withFileTypes: true })
      .filter(
        (entry) =>
          entry.isDirectory() &&
          !entry.name.startsWith(".") &&
          !["node_modules", "dist"].includes(entry.name),
      )
      .map((entry) => entry.name);
    expect(folders.filter((folder) => !listed.includes(folder))).toEqual([]);
  });

  test.each(["provider", "emulator"])("describes each folder of %s/ and no folder it lacks", (top) => {
    const row = table.find(([cell]) => codeSpans(cell).includes(`${top}/`));
    const named = codeSpans(row?.[1] ?? "")
      .filter((span) => /^[\w-]+\/$/.test(span))
      .map((span) => span.slice(0, -1));
    const folders = fs
      .readdirSync(path.join(ROOT, top), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
    expect([...new Set(named)].sort()).toEqual(folders.sort());
  });
});
