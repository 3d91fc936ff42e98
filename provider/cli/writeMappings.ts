import * as fs from "fs";
import * as path from "path";

import { parse } from "yaml";

import { ProviderError } from "../errors";
import { parseMappings } from "../mappings/load";

/** What an import would change in an existing mappings file, customer by customer (tenant id). */
export function describeImportChanges(previousText: string | undefined, nextText: string): string[] {
  if (previousText === undefined) return [];
  const customers = (text: string) => {
    const doc = parse(text) as { customers?: { tenantId?: string; name?: string }[] } | null;
    return new Map(
      (doc?.customers ?? []).map((c) => [String(c.tenantId).toLowerCase(), JSON.stringify(c)] as const),
    );
  };
  let before: Map<string, string>;
  try {
    before = customers(previousText);
  } catch {
    return ["the existing file is not valid YAML; it is replaced whole"];
  }
  const after = customers(nextText);
  const lines: string[] = [];
  const label = (json: string) => {
    const c = JSON.parse(json) as { name?: string; tenantId?: string };
    return `${c.name ?? "?"} (${c.tenantId ?? "?"})`;
  };
  for (const [tenant, json] of after)
    if (!before.has(tenant)) lines.push(`+ ${label(json)}`);
    else if (before.get(tenant) !== json) lines.push(`~ ${label(json)}`);
  for (const [tenant, json] of before) if (!after.has(tenant)) lines.push(`- ${label(json)}`);
  return lines;
}

/**
 * Writes the file atomically (a temporary file beside it, then a rename), after checking that the
 * stack accepts what is written. An existing file is replaced only when `force` is set.
 */
export function writeMappingsFile(file: string, text: string, force: boolean): void {
  parseMappings(text, file);
  if (fs.existsSync(file) && !force)
    throw new ProviderError(
      "FILE_EXISTS",
      `${file} exists; pass --force to replace it (the changes are listed above)`,
    );
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  fs.writeFileSync(temporary, text, { flag: "wx" });
  try {
    fs.renameSync(temporary, file);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
}
