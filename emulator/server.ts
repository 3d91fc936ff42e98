import { createHash } from "crypto";
import * as fs from "fs";
import * as https from "https";
import type { AddressInfo } from "net";
import * as os from "os";
import * as path from "path";

import { registerGraph } from "./apis/graph";
import { registerIdentity } from "./apis/identity";
import { registerPartnerCenter } from "./apis/partnerCenter";
import { registerRewst } from "./apis/rewst";
import { createContext } from "./context";
import { EmulatorControl } from "./control";
import { registerControlRoutes } from "./controlRoutes";
import { type EmulatorRequest, type EmulatorResponse, type RequestLogEntry, Router, readBody } from "./http";
import { TokenSigner } from "./jwt";
import { type Seed, generateSeed } from "./state/seed";
import { stableGuid } from "./state/ids";
import { EmulatorStore } from "./state/store";
import { ensureCertificates } from "./tls";

export interface StartEmulatorOptions {
  /** Port on 127.0.0.1 (0 = any free port). */
  port?: number;
  seed?: Seed;
  /** Folder for certificates, signing key and persisted state; a fresh temporary folder when unset. */
  dataDir?: string;
  /** Keep state in `<dataDir>/state.json` between runs (default true when dataDir is given). */
  persist?: boolean;
  /** Where persisted state goes instead of `<dataDir>/state.json` (certificates stay in dataDir). */
  stateFile?: string;
  /**
   * New objects get ids from a counter (stable GUIDs) instead of random ones, so runs that make the
   * same requests in the same order end with the same ids (the cross-language conformance suite).
   */
  deterministicIds?: boolean;
}

export interface RunningEmulator {
  /** e.g. https://127.0.0.1:4443 — authority host, Graph, Partner Center and Rewst base URL alike. */
  url: string;
  port: number;
  /** PEM file of the emulator's CA (NODE_EXTRA_CA_CERTS or a client's `ca` option). */
  caPath: string;
  ca: string;
  control: EmulatorControl;
  stop(): Promise<void>;
}

/**
 * Starts the HTTPS emulator of the Microsoft identity platform, Partner Center, Microsoft Graph and
 * Rewst's GraphQL API on loopback. All APIs share one origin: their paths do not overlap.
 */
export async function startEmulator(options: StartEmulatorOptions = {}): Promise<RunningEmulator> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "rewst-csp-emulator-"));
  const persist = options.persist ?? options.dataDir !== undefined;
  const certificates = await ensureCertificates(dataDir);
  const store = new EmulatorStore(
    options.seed ?? generateSeed(),
    persist ? (options.stateFile ?? path.join(dataDir, "state.json")) : undefined,
  );
  const signer = new TokenSigner(dataDir);
  let baseUrl = "";
  const requestLog: RequestLogEntry[] = [];
  const ctx = createContext(
    store,
    signer,
    () => baseUrl,
    (entry) =>
      requestLog.push({ ...entry, at: new Date().toISOString(), requestId: null, latencyMs: 0, write: true }),
  );
  if (options.deterministicIds) {
    let next = 0;
    ctx.newId = () => stableGuid(`emulator-object:${next++}`);
  }
  const control = new EmulatorControl(ctx, requestLog);
  // Graph throttles and fails each request of a JSON batch on its own.
  ctx.subrequestFault = (route) => {
    const fault = control.takeFault(route);
    return fault?.kind === "status" ? faultResponse(fault.status ?? 503, fault.retryAfterSeconds) : undefined;
  };

  const router = new Router();
  registerIdentity(router, ctx);
  registerPartnerCenter(router, ctx);
  registerGraph(router, ctx);
  const rewst = registerRewst(router, ctx);
  registerControlRoutes(router, control);

  const server = https.createServer(
    { cert: certificates.cert, key: certificates.key },
    (incoming, outgoing) => {
      const started = performance.now();
      void (async () => {
        let req: EmulatorRequest | undefined;
        let routeName = "unmatched";
        let res: EmulatorResponse;
        try {
          const url = new URL(incoming.url ?? "/", "https://127.0.0.1");
          req = {
            method: incoming.method ?? "GET",
            url,
            path: decodeURIComponent(url.pathname),
            headers: incoming.headers,
            body: await readBody(incoming),
          };
          const found = router.match(req.method, req.path);
          routeName = found?.route.name ?? "unmatched";
          const fault = control.takeFault(routeName);
          if (fault) {
            if (fault.kind === "drop") {
              incoming.socket.destroy();
              return;
            }
            if (fault.kind === "latency") await new Promise((r) => setTimeout(r, fault.latencyMs ?? 1000));
          }
          if (fault?.kind === "status") {
            res = faultResponse(fault.status ?? 503, fault.retryAfterSeconds);
          } else if (!found) {
            res = {
              status: 404,
              body: { error: { code: "NotFound", message: `No route for ${req.method} ${req.path}` } },
            };
          } else {
            res = await found.route.handler(req, found.params);
            if (req.method !== "GET" && res.status < 400) store.save();
          }
        } catch (error) {
          res = {
            status: 500,
            body: { error: { code: "InternalServerError", message: (error as Error).message } },
          };
        }
        const body =
          res.body === undefined
            ? undefined
            : typeof res.body === "string"
              ? res.body
              : JSON.stringify(res.body);
        outgoing.writeHead(res.status, {
          ...(body !== undefined && typeof res.body !== "string"
            ? { "content-type": "application/json; charset=utf-8" }
            : {}),
          ...(res.headers ?? {}),
        });
        outgoing.end(body);
        if (!routeName.startsWith("control.")) {
          control.requestLog.push({
            at: new Date().toISOString(),
            method: req?.method ?? incoming.method ?? "",
            path: req?.path ?? incoming.url ?? "",
            route: routeName,
            tenant: req?.tenant ?? null,
            ...(req?.operation ? { operation: req.operation } : {}),
            ...(req?.body ? { bodySha256: createHash("sha256").update(req.body).digest("hex") } : {}),
            requestId: (incoming.headers["ms-requestid"] as string | undefined) ?? null,
            status: res.status,
            latencyMs: Math.round((performance.now() - started) * 100) / 100,
            write:
              req?.write ??
              ((req?.method ?? incoming.method) !== "GET" && !routeName.startsWith("identity.")),
          });
        }
      })();
    },
  );
  rewst.attach(server);

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", resolve);
  });
  const port = (server.address() as AddressInfo).port;
  baseUrl = `https://127.0.0.1:${port}`;
  return {
    url: baseUrl,
    port,
    caPath: certificates.caPath,
    ca: certificates.ca,
    control,
    stop: async () => {
      await rewst.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function faultResponse(status: number, retryAfterSeconds?: number): EmulatorResponse {
  return {
    status,
    headers: retryAfterSeconds === undefined ? {} : { "Retry-After": String(retryAfterSeconds) },
    body: {
      error: { code: status === 429 ? "TooManyRequests" : "ServiceUnavailable", message: "Injected fault." },
    },
  };
}
