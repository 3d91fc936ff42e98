import type { EngineEvent, Stack } from "@pulumi/pulumi/automation";

import { CLIENT_MAPPING_TYPE, CPV_CONSENT_TYPE, EXEMPTIONS_TYPE, canonicalType } from "../typeTokens";
import { WELL_KNOWN_APP_IDS } from "../contracts/identity";
import { verdictOf } from "../domain/drift";
import { ProviderError } from "../errors";
import { effectOf } from "./reportEffects";
import { exemptionsOf } from "./reportExemptions";
import type { CustomerReport, DriftReport, ReportViolation } from "./reportModel";
import { leftoversOf } from "./reportLeftovers";
import { EXIT } from "./exitCodes";
import { automationFailure } from "./stackConfig";

const UNCHANGED = new Set(["same", "read", "refresh", "discard", "read-discard"]);
type Props = Record<string, unknown>;
const str = (v: unknown) => (typeof v === "string" ? v : "");

/** A verdict entry as a reader writes it: Graph's permissions need no prefix. */
const shown = (entry: string): string => {
  const at = entry.indexOf(":");
  const appId = entry.slice(0, at);
  return appId === WELL_KNOWN_APP_IDS.microsoftGraph
    ? entry.slice(at + 1)
    : `${appId}: ${entry.slice(at + 1)}`;
};

/** The report narrowed to what needs attention: customers with a change, a violation or a leftover. */
export function driftOnly(report: DriftReport): DriftReport {
  return {
    ...report,
    customers: report.customers.filter(
      (c) =>
        c.violations.length > 0 ||
        c.leftovers.length > 0 ||
        c.mappings.some((m) => m.change !== "none") ||
        (c.consent !== undefined && c.consent.change !== "none"),
    ),
  };
}

/** Dynamic providers report no changed keys for an update: name the inputs that differ. */
function changedInputs(olds: Props | undefined, news: Props | undefined): string[] {
  if (!olds || !news) return [];
  const keys = [...new Set([...Object.keys(olds), ...Object.keys(news)])].filter((k) => k !== "__provider");
  return keys.filter((k) => JSON.stringify(olds[k]) !== JSON.stringify(news[k])).sort();
}

/** A step's changed keys and what it does, in words. */
const withEffect = (step: { op: string; type: string; old?: Props; news?: Props }, diffs: string[]) => ({
  diffs,
  effect: effectOf(step.type, step.op, step.old, step.news, diffs),
});

/** Builds the report from the engine events of a `preview --refresh` with the policy pack. */
export function buildReport(stack: string, events: EngineEvent[], now = new Date()): DriftReport {
  const steps = new Map<
    string,
    { op: string; type: string; diffs: string[]; old?: Props; oldInputs?: Props; news?: Props }
  >();
  const violations: ReportViolation[] = [];
  const errors: DriftReport["errors"] = [];
  for (const event of events) {
    const diagnostic = event.diagnosticEvent;
    // Errors of a resource (check, read, diff failures); the engine's own summary line has no urn.
    if (diagnostic?.severity === "error" && diagnostic.urn)
      errors.push({ urn: diagnostic.urn, message: diagnostic.message.trim() });
    const meta = event.resourcePreEvent?.metadata;
    if (meta && meta.op !== "refresh") {
      const previous = steps.get(meta.urn);
      // A replacement arrives as several steps; the one that is not "same" tells the story.
      if (!previous || UNCHANGED.has(previous.op) || meta.op === "replace") {
        steps.set(meta.urn, {
          op: meta.op,
          // Either face: a native token is reported as the resource kind it names.
          type: canonicalType(meta.type),
          // `keys` names what forces a replacement; `diffs` what an update changes.
          diffs: [...new Set([...(meta.diffs ?? []), ...(meta.keys ?? [])])],
          old: (meta.old?.outputs as Props | undefined) ?? previous?.old,
          oldInputs: (meta.old?.inputs as Props | undefined) ?? previous?.oldInputs,
          news: (meta.new?.inputs as Props | undefined) ?? previous?.news,
        });
      }
    }
    const policy = event.policyEvent;
    if (policy) {
      violations.push({
        policy: policy.policyName,
        level: policy.enforcementLevel === "mandatory" ? "mandatory" : "advisory",
        message: policy.message.trim(),
        ...(policy.resourceUrn ? { urn: policy.resourceUrn } : {}),
      });
    }
  }

  const customers = new Map<string, CustomerReport>();
  const customerFor = (tenantId: string, company: string) => {
    const key = tenantId.toLowerCase();
    const entry = customers.get(key) ?? { tenantId, company, mappings: [], leftovers: [], violations: [] };
    if (!entry.company && company) entry.company = company;
    customers.set(key, entry);
    return entry;
  };
  const customerOfUrn = new Map<string, CustomerReport>();
  const changes: DriftReport["changes"] = [];
  for (const [urn, step] of steps) {
    const change = UNCHANGED.has(step.op) ? "none" : step.op;
    // Neither the stack nor a provider's recorded settings is drift: a settings change (a new
    // endpoint, a rotated credential) is recorded by the next `up` and touches no tenant. Nor is
    // the component that records the exemptions (declared with the first, removed with the last).
    if (
      change !== "none" &&
      step.type !== "pulumi:pulumi:Stack" &&
      step.type !== EXEMPTIONS_TYPE &&
      !step.type.startsWith("pulumi:providers:")
    ) {
      changes.push({
        urn,
        type: step.type,
        name: urn.split("::").pop() ?? urn,
        op: step.op,
        ...withEffect(step, step.diffs.length > 0 ? step.diffs : changedInputs(step.oldInputs, step.news)),
      });
    }
    const props = { ...step.oldInputs, ...step.old, ...step.news };
    const tenantId = str(props.customerTenantId);
    if (!tenantId) continue;
    customerOfUrn.set(urn, customerFor(tenantId, ""));
    if (step.type === CLIENT_MAPPING_TYPE) {
      customerFor(tenantId, str(step.old?.companyName)).mappings.push({
        organizationId: str(props.organizationId),
        change: change === "create" ? "create (not linked in Rewst)" : change,
      });
    } else if (step.type === CPV_CONSENT_TYPE) {
      // The drift the refresh recorded (the verdict diff and the pack read); none before a consent exists.
      const drift = step.old ? verdictOf(step.old) : undefined;
      const customer = customerFor(tenantId, "");
      customer.consent = {
        change,
        status: step.old ? str(step.old.status) || "unknown" : "not consented",
        servicePrincipalObjectId: str(step.old?.servicePrincipalObjectId),
        missingScopes: (drift?.missingScopes ?? []).map(shown),
        extraScopes: (drift?.extraScopes ?? []).map(shown),
        missingAppRoles: (drift?.missingAppRoles ?? []).map(shown),
        extraAppRoles: (drift?.extraAppRoles ?? []).map(shown),
      };
      customer.leftovers.push(...leftoversOf(step.old, change));
    }
  }
  // A violation belongs to the customer of the resource it names (policies report the URN).
  const otherViolations: ReportViolation[] = [];
  for (const violation of violations) {
    const customer = violation.urn ? customerOfUrn.get(violation.urn) : undefined;
    (customer ? customer.violations : otherViolations).push(violation);
  }
  const mandatory = violations.some((v) => v.level === "mandatory");
  return {
    stack,
    exitCode:
      errors.length > 0
        ? EXIT.error
        : mandatory
          ? EXIT.mandatoryViolation
          : changes.length > 0
            ? EXIT.drift
            : EXIT.clean,
    changes,
    customers: [...customers.values()].sort(
      (a, b) => a.company.localeCompare(b.company) || a.tenantId.localeCompare(b.tenantId),
    ),
    otherViolations,
    errors,
    exemptions: exemptionsOf(events, now),
  };
}

/** Runs `preview --refresh` with the policy pack through the Automation API and builds the report. */
export async function runReport(
  stack: Stack,
  policyPack: string,
  policyPackConfig?: string,
): Promise<DriftReport> {
  const events: EngineEvent[] = [];
  try {
    await stack.preview({
      refresh: true,
      // The refresh reads with the stack's current settings, not those recorded at the last `up`.
      runProgram: true,
      policyPacks: [policyPack],
      ...(policyPackConfig ? { policyPackConfigs: [policyPackConfig] } : {}),
      onEvent: (event) => events.push(event),
    });
  } catch (error) {
    // A mandatory violation or a resource error fails the preview; the events still tell what
    // happened, and resource errors are kept in the report (exit code 1), never hidden.
    const explained = events.some(
      (e) =>
        e.policyEvent?.enforcementLevel === "mandatory" ||
        (e.diagnosticEvent?.severity === "error" && e.diagnosticEvent.urn),
    );
    if (!explained)
      throw new ProviderError(
        "PREVIEW_FAILED",
        `pulumi preview --refresh of stack ${stack.name} failed: ${automationFailure(error)}`,
      );
  }
  return buildReport(stack.name, events);
}
