import type { EmulatorContext } from "../../context";
import type { EmulatorRequest, EmulatorResponse } from "../../http";
import { graphError } from "./errors";

const DEFAULT_PAGE = 100;
const MAX_PAGE = 999;

/** Applies $filter (`field eq 'value'`, joined by `and`), $select, $top and $skiptoken paging. */
export function page(
  ctx: EmulatorContext,
  req: EmulatorRequest,
  items: Record<string, unknown>[],
  filterable: string[],
  maxTop = MAX_PAGE,
): EmulatorResponse {
  const params = req.url.searchParams;
  const filter = params.get("$filter");
  let result = items;
  if (filter) {
    const clauses = filter.split(/\s+and\s+/i);
    for (const clause of clauses) {
      const match = /^\s*(\w+)\s+eq\s+'([^']*)'\s*$/i.exec(clause);
      if (!match || !filterable.includes(match[1])) {
        return graphError(
          req,
          400,
          "Request_UnsupportedQuery",
          `Unsupported or invalid query filter clause specified for property '${match?.[1] ?? clause}'.`,
        );
      }
      const [, field, value] = match;
      result = result.filter((item) => String(item[field]).toLowerCase() === value.toLowerCase());
    }
  }
  const topRaw = params.get("$top");
  const top = topRaw === null ? DEFAULT_PAGE : Number(topRaw);
  if (!Number.isInteger(top) || top < 1 || top > maxTop) {
    return graphError(
      req,
      400,
      "Request_BadRequest",
      `Invalid page size specified: '${topRaw ?? ""}'. Must be between 1 and ${maxTop} inclusive.`,
    );
  }
  const skip = Number(Buffer.from(params.get("$skiptoken") ?? "MA", "base64url").toString()) || 0;
  const slice = result.slice(skip, skip + top);
  const select = params
    .get("$select")
    ?.split(",")
    .map((f) => f.trim())
    .filter(Boolean);
  const value = select
    ? slice.map((item) =>
        Object.fromEntries(["id", ...select].filter((f) => f in item).map((f) => [f, item[f]])),
      )
    : slice;
  const body: Record<string, unknown> = { "@odata.context": `${ctx.baseUrl()}/v1.0/$metadata`, value };
  if (skip + top < result.length) {
    const next = new URL(`${ctx.baseUrl()}${req.url.pathname}`);
    params.forEach((v, k) => {
      if (k !== "$skiptoken") next.searchParams.set(k, v);
    });
    next.searchParams.set("$skiptoken", Buffer.from(String(skip + top)).toString("base64url"));
    body["@odata.nextLink"] = next.toString();
  }
  return { status: 200, body };
}

/** Applies $select to one object (id always kept, as Graph does). */
export function select(req: EmulatorRequest, item: Record<string, unknown>): Record<string, unknown> {
  const fields = req.url.searchParams
    .get("$select")
    ?.split(",")
    .map((f) => f.trim())
    .filter(Boolean);
  return fields
    ? Object.fromEntries(["id", ...fields].filter((f) => f in item).map((f) => [f, item[f]]))
    : item;
}
