import { EXEMPTIONS_POLICY } from "../domain/exemptions";
import type { FilePosition, MappingsLines } from "../mappings/lines";
import type { CustomerReport, DriftReport, ReportViolation } from "./reportModel";

/** The schema SARIF 2.1.0 files name (OASIS, errata 01). */
const SARIF_SCHEMA =
  "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
/** The rule of a planned change found by the drift check (not a policy of the pack). */
const PLANNED_CHANGE = "planned-change";

/** The mappings file the findings point into: its path as the repository has it, and its lines. */
export interface SarifTarget {
  uri: string;
  lines: MappingsLines;
}

interface SarifResult {
  ruleId: string;
  level: "error" | "warning";
  message: { text: string };
  locations: {
    physicalLocation: {
      artifactLocation: { uri: string; uriBaseId: string };
      region: { startLine: number; startColumn: number };
    };
  }[];
}

const levelOf = (violation: ReportViolation): SarifResult["level"] =>
  violation.level === "mandatory" ? "error" : "warning";

function changeText(customer: CustomerReport): string | undefined {
  const parts = [
    ...(customer.consent && customer.consent.change !== "none"
      ? [
          `consent ${customer.consent.status} → ${customer.consent.change}`,
          ...(customer.consent.missingScopes.length > 0
            ? [`missing scopes ${customer.consent.missingScopes.join(", ")}`]
            : []),
          ...(customer.consent.extraScopes.length > 0
            ? [`extra scopes ${customer.consent.extraScopes.join(", ")}`]
            : []),
          ...(customer.consent.missingAppRoles.length > 0
            ? [`missing app roles ${customer.consent.missingAppRoles.join(", ")}`]
            : []),
          ...(customer.consent.extraAppRoles.length > 0
            ? [`extra app roles ${customer.consent.extraAppRoles.join(", ")}`]
            : []),
        ]
      : []),
    ...customer.mappings
      .filter((m) => m.change !== "none")
      .map((m) => `organization ${m.organizationId} link → ${m.change}`),
  ];
  return parts.length > 0 ? parts.join("; ") : undefined;
}

/**
 * The drift report as SARIF 2.1.0 for code scanning: each policy violation and planned change of a
 * customer lands on the line where the mappings file declares that customer; findings about the
 * partner tenant on its `enterpriseApplications:` line; an expired or unknown-policy exemption on
 * its own entry. Resource errors are the run's notifications.
 */
export function renderSarif(report: DriftReport, target: SarifTarget, version: string): string {
  const result = (
    ruleId: string,
    level: SarifResult["level"],
    text: string,
    at: FilePosition,
  ): SarifResult => ({
    ruleId,
    level,
    message: { text },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: target.uri, uriBaseId: "%SRCROOT%" },
          region: { startLine: at.line, startColumn: at.column },
        },
      },
    ],
  });
  // A finding about an exemption lands on that exemption's entry (its message names `exemptions[i]`).
  const exemptionAt = (violation: ReportViolation): FilePosition | undefined => {
    const index =
      violation.policy === EXEMPTIONS_POLICY ? /\bexemptions\[(\d+)\] \(/.exec(violation.message) : null;
    return index ? target.lines.exemptions[Number(index[1])] : undefined;
  };
  const results: SarifResult[] = [];
  for (const customer of report.customers) {
    const at = target.lines.customers.get(customer.tenantId.toLowerCase()) ?? { line: 1, column: 1 };
    const who = `${customer.company} (${customer.tenantId})`;
    for (const violation of customer.violations)
      results.push(
        result(
          violation.policy,
          levelOf(violation),
          `${who}: ${violation.message}`,
          exemptionAt(violation) ?? at,
        ),
      );
    const change = changeText(customer);
    if (change) results.push(result(PLANNED_CHANGE, "warning", `${who}: ${change}`, at));
  }
  for (const violation of report.otherViolations)
    results.push(
      result(
        violation.policy,
        levelOf(violation),
        violation.message,
        exemptionAt(violation) ?? target.lines.enterpriseApplications,
      ),
    );
  const rules = [...new Set(results.map((r) => r.ruleId))].sort().map((id) => ({
    id,
    shortDescription: {
      text:
        id === PLANNED_CHANGE
          ? "pulumi preview --refresh plans a change: drift, or a change not applied yet"
          : `policy ${id} of the rewst-csp policy pack`,
    },
  }));
  const log = {
    version: "2.1.0",
    $schema: SARIF_SCHEMA,
    runs: [
      {
        // One category per stack: code scanning keeps each shard's findings apart.
        automationDetails: { id: `rewst-csp/${report.stack}/` },
        tool: {
          driver: {
            name: "rewst-csp",
            version,
            rules,
          },
        },
        invocations: [
          {
            executionSuccessful: report.errors.length === 0,
            toolExecutionNotifications: report.errors.map((error) => ({
              level: "error",
              message: { text: error.urn ? `${error.urn}: ${error.message}` : error.message },
            })),
          },
        ],
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
