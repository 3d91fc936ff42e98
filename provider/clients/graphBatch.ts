import type { AxiosInstance } from "axios";

import { batchResponseSchema } from "../contracts/graph";
import { parseWire } from "../contracts/wire";
import { ProviderError } from "../errors";
import { describeFailure } from "./httpClient";

/** One answer inside a JSON batch, or of a request sent alone. */
export interface GraphAnswer {
  status: number;
  data: unknown;
}

/** Graph's limit of requests in one JSON batch. */
export const MAX_BATCH = 20;

/**
 * GETs several Graph URLs (relative to the version, e.g. `/servicePrincipals/{id}`) in one JSON
 * `$batch`. Graph throttles and fails each request of a batch on its own: one answered 429 or 5xx
 * is sent again alone, through the client's retries (Retry-After, back-off, deadline), so a batch
 * never weakens what a single call would do.
 */
export async function batchGet(
  http: AxiosInstance,
  bearer: () => Promise<string>,
  tenantId: string,
  urls: Readonly<Record<string, string>>,
): Promise<Record<string, GraphAnswer>> {
  const ids = Object.keys(urls);
  if (ids.length > MAX_BATCH)
    throw new ProviderError(
      "GRAPH_ERROR",
      `a Graph batch holds at most ${MAX_BATCH} requests, not ${ids.length}`,
    );
  const alone = (id: string): Promise<GraphAnswer> =>
    http.get(`/v1.0${urls[id]}`, { bearer }).catch((error: unknown) => {
      if (error instanceof ProviderError) throw error;
      throw new ProviderError(
        "GRAPH_ERROR",
        `GET ${urls[id].split("?")[0]} in tenant ${tenantId} failed (${describeFailure(error)})`,
      );
    });
  const answers: Record<string, GraphAnswer> = {};
  if (ids.length === 1) {
    answers[ids[0]] = await alone(ids[0]);
    return answers;
  }
  const res = await http
    .post("/v1.0/$batch", { requests: ids.map((id) => ({ id, method: "GET", url: urls[id] })) }, { bearer })
    .catch((error: unknown) => {
      if (error instanceof ProviderError) throw error;
      throw new ProviderError(
        "GRAPH_ERROR",
        `a batch of ${ids.length} reads in tenant ${tenantId} failed (${describeFailure(error)})`,
      );
    });
  const parsed =
    res.status === 200
      ? parseWire(batchResponseSchema, res.data, `Graph's batch answer in tenant ${tenantId}`)
      : undefined;
  // A batch Graph refused as a whole (or answered in a shape we cannot read) is sent request by request.
  const byId = new Map((parsed?.ok ? parsed.value.responses : []).map((r) => [r.id, r]));
  for (const id of ids) {
    const sub = byId.get(id);
    answers[id] =
      sub && sub.status !== 429 && sub.status < 500
        ? { status: sub.status, data: sub.body }
        : await alone(id);
  }
  return answers;
}
