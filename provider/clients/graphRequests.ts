import type { AxiosInstance } from "axios";
import type { z } from "zod";

import { graphErrorSchema, graphPageSchema } from "../contracts/graph";
import { parseWire, sameOriginLink } from "../contracts/wire";
import { ProviderError } from "../errors";
import { rethrowAs } from "./httpClient";

/**
 * Requests to Microsoft Graph v1.0 in one tenant, and how their answers are judged: a token
 * failure keeps its own code, another failure names what was being done, a body the code cannot
 * use names the field, pages are followed on the same origin only.
 */
export class GraphRequests {
  constructor(
    protected readonly http: AxiosInstance,
    protected readonly token: () => Promise<string>,
    protected readonly tenantId: string,
  ) {}

  // A token failure (no GDAP, expired refresh token) keeps its own code and advice: callers rethrow
  // a ProviderError as it is.
  protected async get(url: string): Promise<{ status: number; data: unknown }> {
    return this.http
      .get(url, { bearer: this.token })
      .catch(rethrowAs("GRAPH_ERROR", `GET ${url.split("?")[0]} in tenant ${this.tenantId}`));
  }

  protected fail(what: string, status: number, data: unknown): never {
    const body = graphErrorSchema.safeParse(data);
    const detail = body.success ? `${body.data.error.code}: ${body.data.error.message}` : `HTTP ${status}`;
    throw new ProviderError(
      "GRAPH_ERROR",
      `${what} in tenant ${this.tenantId} failed (${detail})`,
      undefined,
      body.success ? body.data.error.code : undefined,
    );
  }

  /** A body the code cannot use fails naming the field, never quoting the body. */
  protected parse<T extends z.ZodType>(schema: T, data: unknown, what: string): z.infer<T> {
    const parsed = parseWire(schema, data, `Graph's answer to ${what} in tenant ${this.tenantId}`);
    if (!parsed.ok) throw new ProviderError("GRAPH_ERROR", parsed.message);
    return parsed.value;
  }

  protected async all<T extends z.ZodType>(url: string, item: T, what: string): Promise<z.infer<T>[]> {
    const items: z.infer<T>[] = [];
    let next: string | undefined = url;
    while (next) {
      const res = await this.get(next);
      if (res.status !== 200) this.fail(what, res.status, res.data);
      const page = this.parse(graphPageSchema(item), res.data, what);
      items.push(...(page.value as z.infer<T>[]));
      const link = page["@odata.nextLink"];
      try {
        next = link ? sameOriginLink(link, this.http.defaults.baseURL ?? "") : undefined;
      } catch (error) {
        throw new ProviderError(
          "GRAPH_ERROR",
          `${what} in tenant ${this.tenantId}: ${(error as Error).message}`,
        );
      }
    }
    return items;
  }

  protected async send(
    method: "post" | "patch" | "delete",
    url: string,
    body: unknown,
    what: string,
  ): Promise<{ status: number; data: unknown }> {
    return this.http
      .request({ method, url, data: body, bearer: this.token })
      .catch(rethrowAs("GRAPH_ERROR", `${what} in tenant ${this.tenantId}`));
  }
}
