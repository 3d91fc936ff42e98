import { HIDDEN_CHARACTERS } from "../domain/identifiers";
import { EXIT } from "./exitCodes";
import type { DriftReport } from "./reportModel";
import { expiryText } from "./reportExemptions";

/**
 * Text from tenants and APIs (company names, messages) as inert Markdown: no links, images, HTML,
 * mentions or table breaks can be smuggled into the pull-request comment.
 */
export const cell = (text: string) =>
  text
    // Line breaks of every kind end a table row; controls and bidirectional overrides hide or
    // reorder what the reviewer reads.
    .replace(/\r\n|[\r\n\u2028\u2029]/g, " ")
    .replace(new RegExp(HIDDEN_CHARACTERS.source, "g"), "")
    .replace(/[\\`*_[\]|~<>]/g, (c) => `\\${c}`)
    .replace(/@/g, "&#64;")
    .replace(/:\/\//g, "&#58;//")
    // GitHub links bare www. names too.
    .replace(/\bwww\./gi, (w) => `${w.slice(0, 3)}&#46;`);

/** Markdown for a pull-request comment: the verdict, then one row per customer, then every violation. */
export function renderMarkdown(report: DriftReport): string {
  const all = [...report.customers.flatMap((c) => c.violations), ...report.otherViolations];
  const mandatory = all.filter((v) => v.level === "mandatory").length;
  const verdict =
    report.exitCode === EXIT.error
      ? `🛑 The preview failed for ${report.errors.length} resource${report.errors.length === 1 ? "" : "s"}; the report is incomplete.`
      : report.exitCode === EXIT.clean
        ? "✅ No drift and no mandatory policy violation."
        : report.exitCode === EXIT.mandatoryViolation
          ? `❌ ${mandatory} mandatory policy violation${mandatory === 1 ? "" : "s"}; ${report.changes.length} resource change${report.changes.length === 1 ? "" : "s"} planned.`
          : `⚠️ Drift: ${report.changes.length} resource change${report.changes.length === 1 ? "" : "s"} planned.`;
  const lines = [
    `## Rewst CSP drift report — stack \`${report.stack}\``,
    "",
    verdict,
    ...(report.customEndpoints?.length
      ? [
          "",
          `⚠️ Non-default endpoints: ${report.customEndpoints.map((e) => `\`${e.replace(/`/g, "")}\``).join(", ")}`,
        ]
      : []),
    "",
    "| customer | tenant | mapping | consent | missing scopes | extra scopes | service principal | violations |",
    "| --- | --- | --- | --- | --- | --- | --- | --- |",
  ];
  for (const c of report.customers) {
    const mapping =
      c.mappings
        .map((m) => cell(`${m.organizationId}${m.change === "none" ? "" : ` (${m.change})`}`))
        .join("<br>") || "—";
    const consent = c.consent
      ? `${c.consent.status}${c.consent.change === "none" ? "" : ` → ${c.consent.change}`}`
      : "not managed";
    lines.push(
      `| ${cell(c.company || "—")} | \`${c.tenantId}\` | ${mapping} | ${cell(consent)} | ${cell(c.consent?.missingScopes.join(", ") || "—")} | ${cell(c.consent?.extraScopes.join(", ") || "—")} | ${c.consent?.servicePrincipalObjectId ? `\`${c.consent.servicePrincipalObjectId}\`` : "—"} | ${c.violations.map((v) => `${v.level}: ${v.policy}`).join("<br>") || "—"} |`,
    );
  }
  const leftovers = report.customers.filter((c) => c.leftovers.length > 0);
  if (leftovers.length > 0) {
    lines.push("", "### Left in customer tenants", "");
    for (const c of leftovers)
      lines.push(`- ${cell(c.company || c.tenantId)} (\`${c.tenantId}\`): ${cell(c.leftovers.join("; "))}`);
  }
  if (report.errors.length > 0) {
    lines.push("", "### Errors", "");
    for (const e of report.errors)
      lines.push(`- ${cell(e.urn?.split("::").pop() ?? "")}: ${cell(e.message)}`);
  }
  if (report.exemptions.length > 0) {
    const expiring = report.exemptions.filter((e) => e.status === "expiring").length;
    const expired = report.exemptions.filter((e) => e.status === "expired").length;
    lines.push(
      "",
      `### Exemptions (${report.exemptions.length - expired} active, ${expiring} expiring within 30 days${expired ? `, ${expired} expired` : ""})`,
      "",
      "| policy | customer | until | owner | reason |",
      "| --- | --- | --- | --- | --- |",
    );
    for (const e of report.exemptions) {
      const until = `${e.status === "active" ? "" : e.status === "expiring" ? "⏳ " : "❌ "}${expiryText(e)}`;
      lines.push(
        `| ${cell(e.policy)} | ${cell(e.customer)} | ${cell(until)} | ${cell(e.owner)} | ${cell(e.reason)} |`,
      );
    }
  }
  if (all.length > 0) {
    lines.push("", "### Policy violations", "");
    for (const v of all) lines.push(`- **[${v.level}] ${v.policy}**: ${cell(v.message)}`);
  }
  if (report.changes.length > 0) {
    lines.push("", "### Planned changes", "");
    for (const change of report.changes) {
      lines.push(
        `- \`${change.op}\` ${cell(change.name)}${change.diffs.length ? ` (${cell(change.diffs.join(", "))})` : ""}: ${cell(change.effect)}`,
      );
    }
  }
  return `${lines.join("\n")}\n`;
}
