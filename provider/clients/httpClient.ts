import * as https from "https";
import * as tls from "tls";

import axios, { type AxiosError, type AxiosInstance } from "axios";
import axiosRetry, { type IAxiosRetryConfigExtended, exponentialDelay, isNetworkError } from "axios-retry";

/** Retries of a throttled (429) call, each after its Retry-After. */
const THROTTLE_RETRIES = 30;

export interface HttpClientOptions {
  baseUrl: string;
  userAgent: string;
  /** Extra CA (PEM) to trust besides the system roots. */
  ca?: string;
  maxRetries: number;
  timeoutMs?: number;
}

/** Seconds or HTTP date in Retry-After, as milliseconds. */
export function retryAfterMs(header: unknown): number | undefined {
  if (typeof header !== "string" || header === "") return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/**
 * axios for Microsoft and Rewst APIs: retries 429 after Retry-After (up to 30 times), and 5xx,
 * timeouts and resets with jittered exponential back-off (up to `maxRetries`). Headers of the first attempt (MS-RequestId,
 * MS-CorrelationId) are reused by every retry, which keeps retried calls idempotent.
 * Statuses other than 429/5xx are returned to the caller to interpret.
 */
export function createHttpClient(options: HttpClientOptions): AxiosInstance {
  const client = axios.create({
    baseURL: options.baseUrl.replace(/\/+$/, ""),
    timeout: options.timeoutMs ?? 30_000,
    headers: { "User-Agent": options.userAgent, Accept: "application/json" },
    httpsAgent: new https.Agent({
      keepAlive: true,
      ...(options.ca ? { ca: [...tls.rootCertificates, options.ca] } : {}),
    }),
    validateStatus: (status) => status !== 429 && status < 500,
  });
  axiosRetry(client, {
    // Throttling is the API asking to wait, not a failure: 429s get a larger budget than errors.
    retries: Math.max(options.maxRetries, THROTTLE_RETRIES),
    shouldResetTimeout: true,
    retryCondition: (error: AxiosError) => {
      const attempt =
        (error.config as { "axios-retry"?: IAxiosRetryConfigExtended } | undefined)?.["axios-retry"]
          ?.retryCount ?? 0;
      if (error.response?.status === 429) return attempt < THROTTLE_RETRIES;
      const transient =
        isNetworkError(error) ||
        error.code === "ECONNABORTED" ||
        error.code === "ECONNRESET" ||
        (error.response?.status ?? 0) >= 500;
      return transient && attempt < options.maxRetries;
    },
    retryDelay: (retryCount, error) =>
      retryAfterMs(error.response?.headers["retry-after"]) ?? exponentialDelay(retryCount, error, 250),
  });
  return client;
}

/** A short, secret-free description of a failed request. */
export function describeFailure(error: unknown): string {
  if (axios.isAxiosError(error)) {
    return error.response
      ? `HTTP ${error.response.status} after retries`
      : `${error.code ?? "network error"}`;
  }
  return error instanceof Error ? error.message : String(error);
}
