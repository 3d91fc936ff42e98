/** What `rewst-csp report` finds, in the shape its JSON has (Markdown, CSV and SARIF render it). */
import type { ReportedExemption } from "./reportExemptions";

export interface ReportViolation {
  policy: string;
  level: "mandatory" | "advisory";
  message: string;
  urn?: string;
}

export interface CustomerReport {
  tenantId: string;
  company: string;
  /** Organization ids and what the plan does with each link. */
  mappings: { organizationId: string; change: string }[];
  consent?: {
    change: string;
    status: string;
    servicePrincipalObjectId: string;
    missingScopes: string[];
    extraScopes: string[];
    missingAppRoles: string[];
    extraAppRoles: string[];
  };
  /**
   * What of the integration stays in the tenant that nothing manages: principals of earlier
   * generations or named like the connector, and a principal kept when its consent is removed.
   */
  leftovers: string[];
  violations: ReportViolation[];
}

export interface DriftReport {
  stack: string;
  exitCode: number;
  /** Each planned step, with what it does to the tenant or to Rewst in words (`effect`). */
  changes: { urn: string; type: string; name: string; op: string; diffs: string[]; effect: string }[];
  customers: CustomerReport[];
  /** Violations not tied to one customer (e.g. Rewst Prod in the partner tenant). */
  otherViolations: ReportViolation[];
  /** Resource errors of the preview (never hidden by a violation: they make the exit code 1). */
  errors: { urn?: string; message: string }[];
  /** The mappings file's exemptions that concern this stack: active, expiring within 30 days, expired. */
  exemptions: ReportedExemption[];
  /** Endpoint settings of the stack that are not the defaults ("key = url"), for a reviewer to see. */
  customEndpoints?: string[];
}
