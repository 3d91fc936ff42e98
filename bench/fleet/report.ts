/** What bench:fleet prints: per phase, then the targets against the same run's baseline. */
import type { RequestLogEntry } from "../../emulator/http";
import type { ProcessRole } from "./processes";
import type { Timed } from "./projects";

export interface PhaseReport {
  name: string;
  /** One run per stack (one stack, or each shard in turn). */
  runs: Timed[];
  requests: RequestLogEntry[];
  stateBytes: number;
  /** Of which the call stacks the engine records with each resource, whatever the provider. */
  traceBytes: number;
  resources: number;
}

export interface RunFacts {
  customers: number;
  latencyMs: number;
  parallelism: number;
  shards: number;
  skipCheckpoints: boolean;
  resources: number;
  /** Customer tenants and the partner tenant. */
  tenants: number;
}

const MB = 1024 * 1024;
const seconds = (p: PhaseReport) => p.runs.reduce((sum, run) => sum + run.seconds, 0);
const peak = (p: PhaseReport, role: ProcessRole) => Math.max(...p.runs.map((run) => run.peakRss[role]));
const tokenRequests = (p: PhaseReport) =>
  p.requests.filter((r) => r.route.startsWith("identity.token")).length;

export function describePhase(p: PhaseReport): string {
  const byRoute = new Map<string, number>();
  for (const r of p.requests) byRoute.set(r.route, (byRoute.get(r.route) ?? 0) + 1);
  const routes = [...byRoute].sort((a, b) => b[1] - a[1]).map(([route, n]) => `${route} ${n}`);
  return [
    `${p.name}: ${seconds(p).toFixed(1)} s over ${p.runs.length} stack(s)`,
    `  requests ${p.requests.length} (${(p.requests.length / p.resources).toFixed(2)} per resource), token requests ${tokenRequests(p)}`,
    `  by route: ${routes.join(", ") || "none"}`,
    `  state ${(p.stateBytes / MB).toFixed(2)} MB, ${Math.round(p.stateBytes / p.resources)} bytes per resource, ` +
      `${Math.round((p.stateBytes - p.traceBytes) / p.resources)} without the engine's call stacks`,
    `  peak RSS: CLI ${(peak(p, "cli") / MB).toFixed(0)} MB, language host ${(peak(p, "languageHost") / MB).toFixed(0)} MB, ` +
      `program ${(peak(p, "program") / MB).toFixed(0)} MB, provider ${(peak(p, "provider") / MB).toFixed(0)} MB`,
  ].join("\n");
}

const out = (text: string) => process.stdout.write(`${text}\n`);

export function printHeader(facts: RunFacts): void {
  out(
    `bench:fleet — ${facts.customers} customers (${facts.resources} resources), ${facts.shards} stack(s), ` +
      `${facts.latencyMs} ms latency per request, parallelism ${facts.parallelism || "engine default"}` +
      (facts.skipCheckpoints ? ", PULUMI_SKIP_CHECKPOINTS" : ""),
  );
}

/** The ratios against the baseline and the targets of issue 13, met or missed. */
export function printTargets(facts: RunFacts, phases: PhaseReport[]): void {
  const find = (name: string) => phases.find((p) => p.name === name);
  const up = find("up");
  const drift = find("drift check");
  const baseUp = find("baseline up");
  const baseRefresh = find("baseline refresh");
  if (!up || !drift) return;
  const checks: [string, boolean][] = [
    [
      `drift check ${(drift.requests.length / facts.resources).toFixed(2)} requests per resource ≤ 1.5`,
      drift.requests.length / facts.resources <= 1.5,
    ],
    // Each stack redeems the partner's own tokens (Graph, Partner Center) besides one per customer.
    [
      `drift check token requests ${tokenRequests(drift)} ≤ tenants + 2 per stack (${facts.tenants + 2 * facts.shards})`,
      tokenRequests(drift) <= facts.tenants + 2 * facts.shards,
    ],
    [
      `state ${Math.round(up.stateBytes / facts.resources)} bytes per resource ≤ 2048`,
      up.stateBytes / facts.resources <= 2048,
    ],
  ];
  if (facts.shards > 1)
    checks.push(
      [`up of all shards ${seconds(up).toFixed(0)} s ≤ 150 s`, seconds(up) <= 150],
      [`drift check of all shards ${seconds(drift).toFixed(0)} s ≤ 90 s`, seconds(drift) <= 90],
    );
  if (facts.shards === 1) {
    checks.push(
      [`program peak ${(peak(up, "program") / MB).toFixed(0)} MB ≤ 500 MB`, peak(up, "program") <= 500 * MB],
      [
        `provider peak ${(Math.max(peak(up, "provider"), peak(drift, "provider")) / MB).toFixed(0)} MB ≤ 300 MB`,
        Math.max(peak(up, "provider"), peak(drift, "provider")) <= 300 * MB,
      ],
    );
  }
  if (baseUp && baseRefresh) {
    const upRatio = seconds(up) / Math.max(20, seconds(baseUp));
    const refreshRatio = seconds(drift) / seconds(baseRefresh);
    out(
      `ratios: up ${upRatio.toFixed(2)} × max(20 s, baseline ${seconds(baseUp).toFixed(1)} s); drift check ${refreshRatio.toFixed(2)} × baseline refresh ${seconds(baseRefresh).toFixed(1)} s`,
    );
    if (facts.shards === 1)
      checks.push(
        [`up ratio ${upRatio.toFixed(2)} ≤ 1.3`, upRatio <= 1.3],
        [`drift check ratio ${refreshRatio.toFixed(2)} ≤ 1.5`, refreshRatio <= 1.5],
      );
  }
  for (const [text, ok] of checks) out(`  ${ok ? "meets" : "MISSES"}: ${text}`);
}
