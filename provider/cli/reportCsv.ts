import type { DriftReport } from "./reportModel";

/** Columns of the CSV report, one row per customer (spreadsheets and ticket imports read it). */
export const CSV_COLUMNS = [
  "stack",
  "company",
  "tenantId",
  "mappings",
  "consentStatus",
  "consentChange",
  "missingScopes",
  "extraScopes",
  "missingAppRoles",
  "extraAppRoles",
  "servicePrincipalObjectId",
  "leftovers",
  "violations",
] as const;

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line break. Text from tenants
 * that a spreadsheet would run as a formula (=, +, -, @, tab, CR first) is prefixed with a quote.
 */
export function csvField(value: string): string {
  const inert = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(inert) ? `"${inert.replace(/"/g, '""')}"` : inert;
}

/** The report as CSV: a header, then one row per customer; lists are joined with "; ". */
export function renderCsv(report: DriftReport): string {
  const rows = report.customers.map((c) => [
    report.stack,
    c.company,
    c.tenantId,
    c.mappings
      .map((m) => (m.change === "none" ? m.organizationId : `${m.organizationId} (${m.change})`))
      .join("; "),
    c.consent?.status ?? "not managed",
    c.consent?.change ?? "",
    (c.consent?.missingScopes ?? []).join("; "),
    (c.consent?.extraScopes ?? []).join("; "),
    (c.consent?.missingAppRoles ?? []).join("; "),
    (c.consent?.extraAppRoles ?? []).join("; "),
    c.consent?.servicePrincipalObjectId ?? "",
    c.leftovers.join("; "),
    c.violations.map((v) => `${v.level}: ${v.policy}`).join("; "),
  ]);
  return [[...CSV_COLUMNS], ...rows].map((row) => row.map(csvField).join(",")).join("\r\n") + "\r\n";
}
