import { LineCounter, isMap, isScalar, isSeq, parseDocument } from "yaml";

/** A place in a file, 1-based, as editors and SARIF count. */
export interface FilePosition {
  line: number;
  column: number;
}

export interface MappingsLines {
  /** Where each customer's entry starts, by tenant id (lower case). */
  customers: Map<string, FilePosition>;
  /** Where `enterpriseApplications:` is (the partner tenant's findings land there), else line 1. */
  enterpriseApplications: FilePosition;
  /** Where each entry of `exemptions:` starts, in file order. */
  exemptions: FilePosition[];
}

/**
 * Where things are declared in a mappings file, for findings that point at the line a reviewer
 * changes. Lenient: a file that does not parse gives no customer lines (findings fall back to line 1).
 */
export function mappingsLines(text: string): MappingsLines {
  const counter = new LineCounter();
  const document = parseDocument(text, { lineCounter: counter });
  const at = (offset: number | undefined): FilePosition => {
    const { line, col } = counter.linePos(offset ?? 0);
    return { line, column: col };
  };
  const customers = new Map<string, FilePosition>();
  const list = isMap(document.contents) ? document.contents.get("customers", true) : undefined;
  for (const item of isSeq(list) ? list.items : []) {
    if (!isMap(item)) continue;
    const tenant = item.get("tenantId", true);
    if (isScalar(tenant) && typeof tenant.value === "string")
      customers.set(tenant.value.toLowerCase(), at(item.range?.[0]));
  }
  const apps = isMap(document.contents)
    ? document.contents.items.find(
        (pair) => isScalar(pair.key) && pair.key.value === "enterpriseApplications",
      )
    : undefined;
  const exemptions = isMap(document.contents) ? document.contents.get("exemptions", true) : undefined;
  return {
    customers,
    exemptions: isSeq(exemptions)
      ? exemptions.items.map((item) => at((item as { range?: number[] }).range?.[0]))
      : [],
    enterpriseApplications: apps && isScalar(apps.key) ? at(apps.key.range?.[0]) : { line: 1, column: 1 },
  };
}
