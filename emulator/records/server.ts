import { randomUUID } from "crypto";
import * as fs from "fs";
import * as http from "http";
import * as path from "path";
import type { AddressInfo } from "net";

import {
  type RecordsErrorWire,
  type RemoteRecordWire,
  createRecordRequestSchema,
  remoteRecordSchema,
  updateRecordRequestSchema,
} from "../../provider/contracts/records";

/** One request as the emulator saw it (for assertions and demos). */
export interface RecordsRequestLogEntry {
  method: string;
  path: string;
  status: number;
  userAgent: string;
}

export interface RecordsEmulatorOptions {
  /** Bearer token the API accepts. */
  token: string;
  /** Port on 127.0.0.1; 0 picks a free one. */
  port?: number;
  /** JSON file that keeps the records between runs (the demo's emulator); in memory only when unset. */
  stateFile?: string;
}

/**
 * A loopback emulator of the records API used by the walking skeleton: JSON over HTTP, bearer auth,
 * unique keys, revisions. Control methods change state out of band, like an administrator would.
 */
export class RecordsEmulator {
  readonly requestLog: RecordsRequestLogEntry[] = [];
  private readonly records = new Map<string, RemoteRecordWire>();
  private server?: http.Server;

  constructor(private readonly options: RecordsEmulatorOptions) {}

  /** Starts listening on 127.0.0.1 and returns the base URL. */
  async start(): Promise<string> {
    this.load();
    const server = http.createServer((req, res) => {
      let body = "";
      req.setEncoding("utf8");
      req.on("data", (chunk: string) => (body += chunk));
      req.on("end", () => {
        const { status, payload } = this.handle(req, body);
        if (req.method !== "GET" && status < 300) this.save();
        this.requestLog.push({
          method: req.method ?? "",
          path: req.url ?? "",
          status,
          userAgent: req.headers["user-agent"] ?? "",
        });
        res.writeHead(status, payload === undefined ? {} : { "content-type": "application/json" });
        res.end(payload === undefined ? undefined : JSON.stringify(payload));
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.options.port ?? 0, "127.0.0.1", resolve);
    });
    this.server = server;
    return this.url;
  }

  get url(): string {
    if (!this.server) throw new Error("records emulator is not started");
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** All records, oldest first. */
  list(): RemoteRecordWire[] {
    return [...this.records.values()];
  }

  findByKey(key: string): RemoteRecordWire | undefined {
    return this.list().find((record) => record.key === key);
  }

  /** Out-of-band edit, as if someone changed the record by hand. */
  tamper(id: string, value: string): void {
    const record = this.records.get(id);
    if (!record) throw new Error(`no record ${id}`);
    this.records.set(id, {
      ...record,
      value,
      revision: record.revision + 1,
      updatedAt: new Date().toISOString(),
    });
  }

  /** Out-of-band deletion. */
  remove(id: string): void {
    if (!this.records.delete(id)) throw new Error(`no record ${id}`);
    this.save();
  }

  private load(): void {
    const file = this.options.stateFile;
    if (!file || !fs.existsSync(file)) return;
    const stored = remoteRecordSchema.array().parse(JSON.parse(fs.readFileSync(file, "utf8")));
    this.records.clear();
    for (const record of stored) this.records.set(record.id, record);
  }

  private save(): void {
    const file = this.options.stateFile;
    if (!file) return;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(this.list(), null, 2));
  }

  private handle(req: http.IncomingMessage, body: string): { status: number; payload?: unknown } {
    if (req.headers.authorization !== `Bearer ${this.options.token}`) {
      return failure(401, "Unauthorized", "missing or invalid bearer token");
    }
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    const match = /^\/records(?:\/([^/]+))?$/.exec(path);
    if (!match) return failure(404, "NotFound", `no route ${path}`);
    const id = match[1] ? decodeURIComponent(match[1]) : undefined;

    let json: unknown;
    try {
      json = body ? JSON.parse(body) : undefined;
    } catch {
      return failure(400, "BadRequest", "body is not JSON");
    }

    if (!id && req.method === "GET") return { status: 200, payload: { records: this.list() } };
    if (!id && req.method === "POST") {
      const parsed = createRecordRequestSchema.safeParse(json);
      if (!parsed.success) return failure(400, "BadRequest", parsed.error.message);
      if (this.findByKey(parsed.data.key)) {
        return failure(409, "Conflict", `a record with key '${parsed.data.key}' already exists`);
      }
      const record: RemoteRecordWire = {
        id: randomUUID(),
        ...parsed.data,
        revision: 1,
        updatedAt: new Date().toISOString(),
      };
      this.records.set(record.id, record);
      return { status: 201, payload: record };
    }
    if (!id) return failure(405, "MethodNotAllowed", `${req.method} /records`);

    const existing = this.records.get(id);
    if (!existing) return failure(404, "NotFound", `no record ${id}`);
    switch (req.method) {
      case "GET":
        return { status: 200, payload: existing };
      case "PUT": {
        const parsed = updateRecordRequestSchema.safeParse(json);
        if (!parsed.success) return failure(400, "BadRequest", parsed.error.message);
        const updated = {
          ...existing,
          ...parsed.data,
          revision: existing.revision + 1,
          updatedAt: new Date().toISOString(),
        };
        this.records.set(id, updated);
        return { status: 200, payload: updated };
      }
      case "DELETE":
        this.records.delete(id);
        return { status: 204 };
      default:
        return failure(405, "MethodNotAllowed", `${req.method} /records/${id}`);
    }
  }
}

function failure(
  status: number,
  code: string,
  message: string,
): { status: number; payload: RecordsErrorWire } {
  return { status, payload: { error: { code, message } } };
}
