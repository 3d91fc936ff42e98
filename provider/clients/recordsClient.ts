import axios, { type AxiosInstance, isAxiosError } from "axios";

import {
  type CreateRecordRequest,
  type RemoteRecordWire,
  type UpdateRecordRequest,
  recordsErrorSchema,
  remoteRecordSchema,
} from "../contracts/records";
import { ProviderError } from "../errors";

export interface RecordsClientOptions {
  baseUrl: string;
  /** Bearer token; only ever placed in the Authorization header. */
  token: string;
  userAgent: string;
  timeoutMs?: number;
}

/** Typed client of the records API with errors mapped to {@link ProviderError} codes. */
export class RecordsClient {
  private readonly http: AxiosInstance;

  constructor(private readonly options: RecordsClientOptions) {
    this.http = axios.create({
      baseURL: options.baseUrl.replace(/\/+$/, ""),
      timeout: options.timeoutMs ?? 10_000,
      headers: { Authorization: `Bearer ${options.token}`, "User-Agent": options.userAgent },
      // Statuses are interpreted below, not thrown by axios.
      validateStatus: () => true,
    });
  }

  async create(request: CreateRecordRequest): Promise<RemoteRecordWire> {
    const res = await this.send("POST /records", () => this.http.post("/records", request));
    return this.parseRecord(res, [201], "create record");
  }

  /** Returns undefined when the record does not exist. */
  async get(id: string): Promise<RemoteRecordWire | undefined> {
    const res = await this.send("GET /records/{id}", () =>
      this.http.get(`/records/${encodeURIComponent(id)}`),
    );
    if (res.status === 404) return undefined;
    return this.parseRecord(res, [200], `read record ${id}`);
  }

  async update(id: string, request: UpdateRecordRequest): Promise<RemoteRecordWire> {
    const res = await this.send("PUT /records/{id}", () =>
      this.http.put(`/records/${encodeURIComponent(id)}`, request),
    );
    return this.parseRecord(res, [200], `update record ${id}`);
  }

  /** Returns false when the record was already gone. */
  async delete(id: string): Promise<boolean> {
    const res = await this.send("DELETE /records/{id}", () =>
      this.http.delete(`/records/${encodeURIComponent(id)}`),
    );
    if (res.status === 404) return false;
    this.expectStatus(res, [204], `delete record ${id}`);
    return true;
  }

  private async send(
    operation: string,
    request: () => Promise<{ status: number; data: unknown }>,
  ): Promise<{ status: number; data: unknown }> {
    try {
      return await request();
    } catch (error) {
      // Only the code and URL are reported: axios errors carry request headers (the token).
      const reason = isAxiosError(error) ? (error.code ?? error.message) : String(error);
      throw new ProviderError(
        "REMOTE_UNAVAILABLE",
        `${operation} to ${this.options.baseUrl} failed (${reason}); check rewst-csp:recordsApiUrl and that the API is running.`,
      );
    }
  }

  private parseRecord(res: { status: number; data: unknown }, ok: number[], what: string): RemoteRecordWire {
    this.expectStatus(res, ok, what);
    const parsed = remoteRecordSchema.safeParse(res.data);
    if (!parsed.success) {
      throw new ProviderError(
        "REMOTE_ERROR",
        `${what}: the API returned an unexpected body (${parsed.error.message})`,
      );
    }
    return parsed.data;
  }

  private expectStatus(res: { status: number; data: unknown }, ok: number[], what: string): void {
    if (ok.includes(res.status)) return;
    const body = recordsErrorSchema.safeParse(res.data);
    const detail = body.success
      ? `${body.data.error.code}: ${body.data.error.message}`
      : `HTTP ${res.status}`;
    if (res.status === 401 || res.status === 403) {
      throw new ProviderError(
        "REMOTE_UNAUTHORIZED",
        `${what} was refused (${detail}); check the secret rewst-csp:recordsApiToken.`,
      );
    }
    if (res.status === 409)
      throw new ProviderError("REMOTE_CONFLICT", `${what} conflicts with existing data (${detail}).`);
    throw new ProviderError("REMOTE_ERROR", `${what} failed (${detail}).`);
  }
}
