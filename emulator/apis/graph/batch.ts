import { batchRequestSchema } from "../../../provider/contracts/graph";
import type { EmulatorContext } from "../../context";
import { type EmulatorRequest, type Router, parseJson } from "../../http";
import { graphError } from "./errors";

/** JSON $batch: up to 20 requests run through the same routes, one response each. */
export function registerBatch(router: Router, ctx: EmulatorContext): void {
  router.add("graph.batch", "POST", /^\/v1\.0\/\$batch$/, async (req) => {
    const parsed = batchRequestSchema.safeParse(parseJson(req.body));
    if (!parsed.success) {
      return graphError(
        req,
        400,
        "BadRequest",
        "Invalid batch payload: 'requests' must hold 1 to 20 requests with id, method and url.",
      );
    }
    // A batch of reads is a read: only a sub-request that changes something makes it a write.
    req.write = parsed.data.requests.some((sub) => sub.method !== "GET");
    const responses = [];
    for (const sub of parsed.data.requests) {
      const url = new URL(`${ctx.baseUrl()}/v1.0${sub.url.startsWith("/") ? sub.url : `/${sub.url}`}`);
      const subReq: EmulatorRequest = {
        method: sub.method,
        url,
        path: decodeURIComponent(url.pathname),
        headers: { ...req.headers, ...(sub.headers ?? {}) },
        body: sub.body === undefined ? "" : JSON.stringify(sub.body),
      };
      const found = router.match(sub.method, subReq.path);
      const res = found
        ? (ctx.subrequestFault(found.route.name) ?? (await found.route.handler(subReq, found.params)))
        : graphError(subReq, 400, "BadRequest", `Resource not found for the segment '${subReq.path}'.`);
      req.tenant ??= subReq.tenant;
      responses.push({
        id: sub.id,
        status: res.status,
        headers: { "Content-Type": "application/json", ...(res.headers ?? {}) },
        body: res.body ?? null,
      });
    }
    return { status: 200, body: { responses } };
  });
}
