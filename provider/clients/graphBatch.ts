import type { AxiosInstance } from "axios";

import { batchResponseSchema, batchSubResponseSchema } from "../contracts/graph";
import { parseWire, retryAfterMs } from "../contracts/wire";
import { ProviderError } from "../errors";
import { rethrowAs } from "./httpClient";

/** One answer inside a JSON batch, or of a request sent alone. */
export interface GraphAnswer {
  status: number;
  data: unknown;
}

/** Graph's limit of requests in one JSON batch. */
export const MAX_BATCH = 20;

/** A throttled sub-request without Retry-After still waits this long: Graph says avoid immediate retries. */
const THROTTLED_DEFAULT_WAIT_MS = 1_000;
/** The longest a sub-request waits before it is sent alone (the client's own Retry-After ceiling). */
const MAX_RESEND_WAIT_MS = 120_000;

/** Time, injectable so the waits can be tested without waiting. */
export interface BatchClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}
const realClock: BatchClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** When a sub-request answered 429 or 5xx may be sent again: after its own Retry-After. */
function waitBeforeResend(status: number, headers: Record<string, string>): number {
  const header = Object.entries(headers).find(([k]) => k.toLowerCase() === "retry-after")?.[1];
  return Math.min(
    retryAfterMs(header) ?? (status === 429 ? THROTTLED_DEFAULT_WAIT_MS : 0),
    MAX_RESEND_WAIT_MS,
  );
}

/**
 * GETs several Graph URLs (relative to the version, e.g. `/servicePrincipals/{id}`) in one JSON
 * `$batch`. Graph throttles and fails each request of a batch on its own: one answered 429 or 5xx
 * is sent again alone, no sooner than its own Retry-After, through the client's retries (Retry-After,
 * back-off, deadline), so a batch never weakens what a single call would do. A sub-response that
 * cannot be read is sent again alone; the rest of the answer is kept.
 */
export async function batchGet(
  http: AxiosInstance,
  bearer: () => Promise<string>,
  tenantId: string,
  urls: Readonly<Record<string, string>>,
  clock: BatchClock = realClock,
): Promise<Record<string, GraphAnswer>> {
  const ids = Object.keys(urls);
  if (ids.length > MAX_BATCH)
    throw new ProviderError(
      "GRAPH_ERROR",
      `a Graph batch holds at most ${MAX_BATCH} requests, not ${ids.length}`,
    );
  const alone = (id: string): Promise<GraphAnswer> =>
    http
      .get(`/v1.0${urls[id]}`, { bearer })
      .catch(rethrowAs("GRAPH_ERROR", `GET ${urls[id].split("?")[0]} in tenant ${tenantId}`));
  const answers: Record<string, GraphAnswer> = {};
  if (ids.length === 1) {
    answers[ids[0]] = await alone(ids[0]);
    return answers;
  }
  const res = await http
    .post("/v1.0/$batch", { requests: ids.map((id) => ({ id, method: "GET", url: urls[id] })) }, { bearer })
    .catch(rethrowAs("GRAPH_ERROR", `a batch of ${ids.length} reads in tenant ${tenantId}`));
  const answeredAt = clock.now();
  const parsed =
    res.status === 200
      ? parseWire(batchResponseSchema, res.data, `Graph's batch answer in tenant ${tenantId}`)
      : undefined;
  // A batch Graph refused as a whole (or answered in a shape we cannot read) is sent request by request.
  const byId = new Map(
    (parsed?.ok ? parsed.value.responses : []).flatMap((r) => {
      const sub = batchSubResponseSchema.safeParse(r);
      return sub.success ? [[sub.data.id, sub.data] as const] : [];
    }),
  );
  const resend: { id: string; due: number }[] = [];
  for (const id of ids) {
    const sub = byId.get(id);
    if (sub && sub.status !== 429 && sub.status < 500) answers[id] = { status: sub.status, data: sub.body };
    else resend.push({ id, due: answeredAt + (sub ? waitBeforeResend(sub.status, sub.headers) : 0) });
  }
  for (const { id, due } of resend.sort((a, b) => a.due - b.due)) {
    const wait = due - clock.now();
    if (wait > 0) await clock.sleep(wait);
    answers[id] = await alone(id);
  }
  return answers;
}
