import type * as http from "http";

import { z } from "zod";

/** A request as the API modules see it. */
export interface EmulatorRequest {
  method: string;
  url: URL;
  /** Path without the query string, percent-decoded. */
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** Set by a handler once it knows which tenant the call concerns (request log). */
  tenant?: string;
  /** Set by handlers whose method does not tell (GraphQL): whether the request changed state. */
  write?: boolean;
  /** Set by the GraphQL handler: the operation's first field, e.g. unlinkMicrosoftCSPCustomer. */
  operation?: string;
}

export interface EmulatorResponse {
  status: number;
  headers?: Record<string, string>;
  /** Serialized as JSON unless it is a string. */
  body?: unknown;
}

export type Handler = (
  req: EmulatorRequest,
  params: string[],
) => EmulatorResponse | Promise<EmulatorResponse>;

interface Route {
  name: string;
  method: string;
  pattern: RegExp;
  handler: Handler;
}

/** Small regex router: the first route whose method and pattern match handles the request. */
export class Router {
  private readonly routes: Route[] = [];

  add(name: string, method: string, pattern: RegExp, handler: Handler): this {
    this.routes.push({ name, method, pattern, handler });
    return this;
  }

  match(method: string, path: string): { route: Route; params: string[] } | undefined {
    for (const route of this.routes) {
      if (route.method !== method && route.method !== "*") continue;
      const found = route.pattern.exec(path);
      if (found)
        return { route, params: found.slice(1).map((p) => (p === undefined ? "" : decodeURIComponent(p))) };
    }
    return undefined;
  }
}

/** One served request (control API `GET /_emulator/requests`). */
export const requestLogEntrySchema = z.object({
  at: z.string(),
  method: z.string(),
  path: z.string(),
  route: z.string(),
  tenant: z.string().nullable(),
  /** MS-RequestId header, when sent (a retried logical call repeats it). */
  requestId: z.string().nullable(),
  status: z.number().int(),
  latencyMs: z.number(),
  /** Whether the request asked for a change (any non-GET except token requests; GraphQL mutations). */
  write: z.boolean(),
  /** GraphQL requests: the operation's first field (the route alone says only "rewst.graphql"). */
  operation: z.string().optional(),
  /** SHA-256 of the request body, when it had one: equal requests of two runs compare equal. */
  bodySha256: z.string().optional(),
});
export type RequestLogEntry = z.infer<typeof requestLogEntrySchema>;

/** Fault injection rule: applies to requests whose route name matches `route` (a regex). */
export const faultRuleSchema = z.object({
  route: z.string(),
  kind: z.enum(["status", "latency", "drop"]),
  probability: z.number().min(0).max(1).default(1),
  status: z.number().int().min(400).max(599).optional(),
  retryAfterSeconds: z.number().min(0).optional(),
  latencyMs: z.number().int().min(0).optional(),
  /** Stop applying after this many hits (unlimited when unset). */
  times: z.number().int().positive().optional(),
});
export type FaultRule = z.infer<typeof faultRuleSchema>;

export function readBody(req: http.IncomingMessage, limitBytes = 5 * 1024 * 1024): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) {
        reject(new Error("request body too large"));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/** Parses a JSON body; undefined when it is not JSON (handlers answer with their API's 400). */
export function parseJson(body: string): unknown {
  if (!body) return undefined;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

export function bearerToken(req: EmulatorRequest): string | undefined {
  const header = req.headers.authorization;
  return header?.startsWith("Bearer ") ? header.slice("Bearer ".length).trim() : undefined;
}

export function headerValue(req: EmulatorRequest, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}
