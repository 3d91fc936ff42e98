import * as fs from "fs";

import { type Document, LineCounter, parseDocument } from "yaml";

import { ProviderError } from "../errors";

import { type ResolvedMappings, resolveMappings } from "./resolve";
import { mappingsFileSchema } from "./schema";
import { MAX_DEPTH, MAX_EXPANDED_NODES, measureYaml } from "./yamlBounds";

/** One problem in a mappings file, located by line and column (1-based). */
export interface MappingsProblem {
  line: number;
  column: number;
  /** e.g. customers[3].consent.grants[0].scopes */
  field: string;
  message: string;
}

/** The mappings file is not valid; nothing may be applied. Lists every problem, each with its line. */
export class MappingsFileError extends ProviderError {
  constructor(
    readonly file: string,
    readonly problems: MappingsProblem[],
  ) {
    super(
      "MAPPINGS_INVALID",
      `${file} is invalid; nothing was applied:\n` +
        problems
          .map((p) => `  ${file}:${p.line}:${p.column} ${p.field ? `${p.field} ` : ""}${p.message}`)
          .join("\n"),
    );
    this.name = "MappingsFileError";
  }
}

const fieldName = (path: readonly PropertyKey[]) =>
  path.reduce<string>(
    (out, key) => (typeof key === "number" ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)),
    "",
  );

/** Position of the deepest node on the path that exists (a missing key points at its parent). */
function locate(
  doc: Document,
  lines: LineCounter,
  path: readonly PropertyKey[],
): { line: number; column: number } {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = doc.getIn(path.slice(0, depth) as (string | number)[], true) as
      { range?: [number, number, number] } | undefined;
    const offset = depth === 0 ? doc.contents?.range?.[0] : node?.range?.[0];
    if (offset !== undefined) {
      const { line, col } = lines.linePos(offset);
      return { line, column: col };
    }
  }
  return { line: 1, column: 1 };
}

/**
 * Parses and validates a mappings file's text.
 *
 * @throws MappingsFileError with file, line and field of each problem (YAML syntax or schema).
 */
export function parseMappings(text: string, file = "mappings.yaml"): ResolvedMappings {
  if (text.length > MAX_FILE_CHARS)
    throw new MappingsFileError(file, [
      {
        line: 1,
        column: 1,
        field: "",
        message: `is ${text.length} characters long, more than the ${MAX_FILE_CHARS} a mappings file may have (about 20,000 customers); split the fleet across stacks`,
      },
    ]);
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new MappingsFileError(
      file,
      doc.errors.map((error) => {
        const pos = lines.linePos(error.pos[0]);
        return {
          line: pos.line,
          column: pos.col,
          field: "",
          message: /call stack/i.test(error.message)
            ? `nests deeper than ${MAX_DEPTH} levels; a mappings file is a few levels deep`
            : `is not valid YAML: ${error.message.split("\n")[0]}`,
        };
      }),
    );
  }
  // Bounded before conversion: aliases at their expanded size (a file may share one grant list
  // among many customers; a "billion laughs" file may not), and nesting.
  const bounds = measureYaml(doc);
  const refuse = (message: string) =>
    new MappingsFileError(file, [{ line: 1, column: 1, field: "", message }]);
  if (bounds.depth > MAX_DEPTH)
    throw refuse(`nests deeper than ${MAX_DEPTH} levels; a mappings file is a few levels deep`);
  if (bounds.nodes > MAX_EXPANDED_NODES)
    throw refuse(
      `is not usable YAML: its aliases expand to more than ${MAX_EXPANDED_NODES} nodes (a resource exhaustion attack?); write the file with fewer YAML aliases`,
    );
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: -1 });
  } catch (error) {
    throw new MappingsFileError(file, [
      {
        line: 1,
        column: 1,
        field: "",
        message: `is not usable YAML: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}; write the file without YAML aliases`,
      },
    ]);
  }
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    throw new MappingsFileError(file, [
      { line: 1, column: 1, field: "", message: "must be a YAML mapping with a customers list" },
    ]);
  }
  const result = mappingsFileSchema.safeParse(raw);
  if (!result.success) {
    throw new MappingsFileError(
      file,
      result.error.issues
        .flatMap((issue) =>
          issue.code === "unrecognized_keys"
            ? issue.keys.map((key) => ({ path: [...issue.path, key], message: "is not a known field" }))
            : [{ path: issue.path, message: isMissing(raw, issue.path) ? "is required" : issue.message }],
        )
        .map(({ path, message }) => ({ ...locate(doc, lines, path), field: fieldName(path), message }))
        .sort((a, b) => a.line - b.line || a.column - b.column),
    );
  }
  return resolveMappings(result.data);
}

function isMissing(root: unknown, path: readonly PropertyKey[]): boolean {
  let value: unknown = root;
  for (const key of path) {
    if (value === null || typeof value !== "object") return true;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value === undefined;
}

/** Far above any real fleet; a bound, so a runaway file fails fast instead of exhausting memory. */
const MAX_FILE_CHARS = 8_000_000;

/** Reads and validates a mappings file from disk. */
export function loadMappings(file: string): ResolvedMappings {
  let text: string;
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, "r");
    // Judged before reading: a device (/dev/zero), FIFO or directory never ends or is no file, and a
    // huge file is refused without loading it.
    const stat = fs.fstatSync(fd);
    if (!stat.isFile())
      throw new MappingsFileError(file, [
        {
          line: 1,
          column: 1,
          field: "",
          message: "is not a regular file; name the YAML mappings file itself",
        },
      ]);
    if (stat.size > MAX_FILE_CHARS * 4)
      throw new MappingsFileError(file, [
        {
          line: 1,
          column: 1,
          field: "",
          message: `is ${stat.size} bytes, more than a mappings file may have; split the fleet across stacks`,
        },
      ]);
    text = fs.readFileSync(fd, "utf8");
  } catch (error) {
    if (error instanceof MappingsFileError) throw error;
    throw new MappingsFileError(file, [
      {
        line: 1,
        column: 1,
        field: "",
        message: "cannot be read; set pulumi-rewst-csp:mappingsFile to your mappings file",
      },
    ]);
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
  return parseMappings(text, file);
}
