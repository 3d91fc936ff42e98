/**
 * Whether a preview of the program switched to the native face moves the dynamic face's state
 * without a write: every CSP resource a "same" step under a native type, taken over through the
 * native classes' aliases of the dynamic types.
 */
import { NATIVE_TYPE_TOKENS } from "../typeTokens";

/** The dynamic tokens are the other side of the native ones: one table, both directions. */
const DYNAMIC_TYPES: ReadonlySet<string> = new Set(Object.values(NATIVE_TYPE_TOKENS));
const NATIVE_TYPES: ReadonlySet<string> = new Set(Object.keys(NATIVE_TYPE_TOKENS));

/** A step of the preview, as the engine's resource pre-event describes it. */
export interface PlannedStep {
  op: string;
  urn: string;
  type: string;
  oldUrn?: string;
  oldType?: string;
}

/** What the preview plans for the stack's CSP resources. */
export interface MigrationPlan {
  /** Dynamic resources the update takes over under a native type, unchanged. */
  moves: { from: string; to: string; type: string }[];
  /** Why the update must not run: a step that would write, or a program not switched yet. */
  refusals: string[];
}

/**
 * Judges a preview of the program switched to the native face. Only CSP resources matter: the
 * default providers (rewst-csp's created, the dynamic one's deleted) and components write nothing.
 */
export function judgeMigration(
  steps: readonly PlannedStep[],
  dynamicUrnsInState: readonly string[],
): MigrationPlan {
  const moves: MigrationPlan["moves"] = [];
  const refusals: string[] = [];
  const csp = (type: string | undefined) =>
    type !== undefined && (DYNAMIC_TYPES.has(type) || NATIVE_TYPES.has(type));
  const stillDynamic: string[] = [];
  /** Old URNs a refused step already names. */
  const refused = new Set<string>();
  for (const step of steps) {
    if (!csp(step.type) && !csp(step.oldType)) continue;
    if (step.op !== "same") {
      refusals.push(`${step.urn}: the plan would ${step.op} it (a migration changes nothing in a tenant)`);
      refused.add(step.oldUrn ?? step.urn);
      continue;
    }
    if (DYNAMIC_TYPES.has(step.type)) stillDynamic.push(step.urn);
    else if (step.oldType !== undefined && DYNAMIC_TYPES.has(step.oldType) && step.oldUrn)
      moves.push({ from: step.oldUrn, to: step.urn, type: step.type });
  }
  if (stillDynamic.length > 0)
    refusals.push(
      `${stillDynamic.length} resources are still declared by the dynamic face: switch the program first ` +
        `(declareFromMappings(file, { face: "native" }), or rewst-csp:index:* resources) and name the plugin in Pulumi.yaml (plugins.providers)`,
    );
  const moved = new Set(moves.map((m) => m.from));
  const left = dynamicUrnsInState.filter(
    (urn) => !moved.has(urn) && !stillDynamic.includes(urn) && !refused.has(urn),
  );
  // A dynamic resource the program no longer declares shows as a delete above; one the plan does
  // not mention at all is refused as well rather than left behind.
  for (const urn of left) refusals.push(`${urn}: the plan does not take it over`);
  return { moves, refusals };
}

/** The dynamic face's CSP resources in an exported deployment. */
export function dynamicResourcesOf(deployment: unknown): string[] {
  const resources =
    (deployment as { resources?: { urn?: unknown; type?: unknown }[] } | undefined)?.resources ?? [];
  return resources.flatMap((r) =>
    typeof r.urn === "string" && typeof r.type === "string" && DYNAMIC_TYPES.has(r.type) ? [r.urn] : [],
  );
}

interface StateResource {
  type?: unknown;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

/**
 * The deployment with the dynamic face's `__provider` dropped from the native face's CSP resources
 * (their provider never reads it); every other field and resource exactly as exported.
 */
export function withoutSerializedProviders(deployment: unknown): { deployment: unknown; removed: number } {
  const resources = (deployment as { resources?: StateResource[] } | undefined)?.resources;
  if (!resources) return { deployment, removed: 0 };
  let removed = 0;
  const without = (bag: Record<string, unknown> | undefined) => {
    if (!bag || !("__provider" in bag)) return bag;
    return Object.fromEntries(Object.entries(bag).filter(([key]) => key !== "__provider"));
  };
  const cleaned = resources.map((resource) => {
    if (typeof resource.type !== "string" || !NATIVE_TYPES.has(resource.type)) return resource;
    const inputs = without(resource.inputs);
    const outputs = without(resource.outputs);
    if (inputs === resource.inputs && outputs === resource.outputs) return resource;
    removed += 1;
    return { ...resource, ...(inputs ? { inputs } : {}), ...(outputs ? { outputs } : {}) };
  });
  return { deployment: { ...(deployment as object), resources: cleaned }, removed };
}
