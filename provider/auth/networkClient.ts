import * as https from "https";

import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from "@azure/msal-node";

import { trustingAgent } from "../clients/trust";
import { endpointUnreachable, unreachableCode } from "../clients/unreachable";
import { retryAfterMs } from "../contracts/wire";
import { ProviderError, asError } from "../errors";

/** Shared with the token cache: msal replaces a transport failure by its own network_error. */
export interface TransportFailures {
  /** The last time the token endpoint could not be reached; cleared by any answer. */
  unreachable?: ProviderError;
}

export interface LoopbackAwareNetworkOptions {
  /** Where a failed connection is recorded, named as this setting. */
  failures?: TransportFailures;
  setting?: string;
  /** Extra CA certificates (PEM) to trust, e.g. the emulator's CA. */
  ca?: string;
  /** Called with every URL before it is requested; throw to refuse it. */
  onRequest?: (url: URL) => void;
  timeoutMs?: number;
}

const TOKEN_ATTEMPTS = 5;
const MAX_TOKEN_RETRY_WAIT_MS = 10_000;

/**
 * msal-node network module over Node's https with an explicit CA, so the token endpoint can be the
 * loopback emulator (or a sovereign cloud) without process-wide TLS settings, and every request can
 * be vetted. msal inspects status and body itself; transport failures are thrown.
 */
export function createNetworkClient(options: LoopbackAwareNetworkOptions = {}): INetworkModule {
  const agent = trustingAgent(options.ca);
  let lastUrl: URL | undefined;
  const send = <T>(method: "GET" | "POST", url: string, request?: NetworkRequestOptions, timeout?: number) =>
    new Promise<NetworkResponse<T>>((resolve, reject) => {
      const target = new URL(url);
      lastUrl = target;
      options.onRequest?.(target);
      const body = method === "POST" ? (request?.body ?? "") : undefined;
      const req = https.request(
        target,
        {
          method,
          agent,
          timeout: timeout ?? options.timeoutMs ?? 30_000,
          headers: {
            ...(request?.headers ?? {}),
            ...(body !== undefined ? { "content-length": Buffer.byteLength(body).toString() } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            let parsed: unknown;
            try {
              parsed = text ? JSON.parse(text) : {};
            } catch {
              // Never the body itself: a proxy's page may echo the request (and its secrets).
              parsed = {
                error: "invalid_response",
                error_description: `the token endpoint answered HTTP ${res.statusCode ?? 0} with a body that is not JSON`,
              };
            }
            const headers: Record<string, string> = {};
            for (const [key, value] of Object.entries(res.headers)) {
              if (value !== undefined)
                headers[key.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
            }
            resolve({ status: res.statusCode ?? 0, headers, body: parsed as T });
          });
          res.on("error", reject);
        },
      );
      req.on("timeout", () =>
        req.destroy(new ProviderError("NETWORK_TIMEOUT", `request to ${target.origin} timed out`)),
      );
      req.on("error", reject);
      req.end(body);
    });
  // The token endpoint throttles and fails like any API: 429, 5xx and dropped connections are
  // retried a few times (after Retry-After, capped), so one blip does not fail a resource.
  const withRetries = async <T>(attempt: () => Promise<NetworkResponse<T>>): Promise<NetworkResponse<T>> => {
    for (let n = 1; ; n++) {
      let response: NetworkResponse<T> | undefined;
      let failure: Error | undefined;
      let code: string | undefined;
      try {
        response = await attempt();
      } catch (error) {
        // Read off the error as thrown: asError may wrap one from another realm (a test sandbox).
        code = unreachableCode(error);
        failure = asError(error);
      }
      const transient = failure !== undefined || response!.status === 429 || response!.status >= 500;
      if (options.failures && !code) delete options.failures.unreachable;
      // Nobody at that address: once more (a restart), then say so instead of backing off for long.
      if (!transient || n >= (code ? 2 : TOKEN_ATTEMPTS)) {
        if (code && options.failures && lastUrl)
          options.failures.unreachable = endpointUnreachable(
            lastUrl.origin,
            options.setting ?? "rewst-csp:authorityHost",
            code,
          );
        if (failure !== undefined) throw failure;
        return response!;
      }
      const wait = retryAfterMs(response?.headers["retry-after"]) ?? 200 * 2 ** n * (0.5 + Math.random());
      await new Promise((resolve) => setTimeout(resolve, Math.min(wait, MAX_TOKEN_RETRY_WAIT_MS)));
    }
  };
  return {
    sendGetRequestAsync: (url, request, timeout) => withRetries(() => send("GET", url, request, timeout)),
    sendPostRequestAsync: (url, request) => withRetries(() => send("POST", url, request)),
  };
}

/** Authority settings that make msal talk to `host` (e.g. 127.0.0.1:4443) with no discovery traffic. */
export function offlineAuthorityOptions(baseUrl: string): {
  knownAuthorities: string[];
  authorityMetadata: string;
} {
  const host = new URL(baseUrl).host;
  return {
    knownAuthorities: [host],
    authorityMetadata: JSON.stringify({
      token_endpoint: `${baseUrl}/{tenant}/oauth2/v2.0/token`,
      authorization_endpoint: `${baseUrl}/{tenant}/oauth2/v2.0/authorize`,
      jwks_uri: `${baseUrl}/{tenant}/discovery/v2.0/keys`,
      issuer: `${baseUrl}/{tenant}/v2.0`,
    }),
  };
}
