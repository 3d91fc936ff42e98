import axios, { type AxiosError, type AxiosInstance, type InternalAxiosRequestConfig } from "axios";
import axiosRetry, { type IAxiosRetryConfigExtended, exponentialDelay, isNetworkError } from "axios-retry";

import { retryAfterMs } from "../contracts/wire";
import { ProviderError, type ProviderErrorCode, asError } from "../errors";
import { trustingAgent } from "./trust";
import { endpointUnreachable, unreachableCode } from "./unreachable";

/** Retries of a throttled (429) call, each after its Retry-After. */
const THROTTLE_RETRIES = 30;
/** setTimeout's largest delay; longer ones fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

declare module "axios" {
  interface AxiosRequestConfig {
    /** Resolved before every attempt (a retry after long throttling gets a fresh token). */
    bearer?: () => Promise<string>;
    /** Set on the first attempt: when the call (with its retries) must be over. */
    deadline?: number;
    /** Failed attempts so far that were errors (5xx, timeouts, resets), not throttling. */
    transientFailures?: number;
  }
}

/** Why a call stopped retrying before its answer: quoted in the caller's error. */
export class RetryBudgetError extends ProviderError {
  constructor(detail: string) {
    super("RETRY_BUDGET_EXCEEDED", detail);
  }
}

export interface HttpClientOptions {
  baseUrl: string;
  /** The stack setting that holds `baseUrl`, named when nothing answers there. */
  setting: string;
  userAgent: string;
  /** Extra CA (PEM) to trust besides the system roots. */
  ca?: string;
  maxRetries: number;
  timeoutMs?: number;
  /** A call with its retries ends by then (default 300 s). */
  requestDeadlineSeconds?: number;
  /** A longer Retry-After fails the call at once (default 120 s). */
  maxRetryAfterSeconds?: number;
}

/**
 * axios for Microsoft and Rewst APIs: retries 429 after Retry-After (up to 30 times), and 5xx,
 * timeouts and resets with jittered exponential back-off (up to `maxRetries`, counted apart from
 * the 429s). Headers of the first attempt (MS-RequestId,
 * MS-CorrelationId) are reused by every retry, which keeps retried calls idempotent.
 * Statuses other than 429/5xx are returned to the caller to interpret.
 */
export function createHttpClient(options: HttpClientOptions): AxiosInstance {
  const client = axios.create({
    baseURL: options.baseUrl.replace(/\/+$/, ""),
    timeout: options.timeoutMs ?? 30_000,
    headers: { "User-Agent": options.userAgent, Accept: "application/json" },
    httpsAgent: trustingAgent(options.ca),
    validateStatus: (status) => status !== 429 && status < 500,
  });
  const deadlineMs = (options.requestDeadlineSeconds ?? 300) * 1000;
  const maxRetryAfterMs = (options.maxRetryAfterSeconds ?? 120) * 1000;
  // Runs before every attempt, retries included.
  client.interceptors.request.use(async (config: InternalAxiosRequestConfig) => {
    config.deadline ??= Date.now() + deadlineMs;
    if (config.bearer) config.headers.set("Authorization", `Bearer ${await config.bearer()}`);
    return config;
  });
  // Throttling is the API asking to wait, not a failure: 429s have their own, larger budget, and
  // do not spend the error budget (nor lengthen the error back-off) of the same call.
  const waitFor = (failures: number, error: AxiosError) =>
    retryAfterMs(error.response?.headers["retry-after"]) ?? exponentialDelay(failures, error, 250);
  const throttledRetries = (error: AxiosError) =>
    ((error.config as { "axios-retry"?: IAxiosRetryConfigExtended } | undefined)?.["axios-retry"]
      ?.retryCount ?? 0) - (error.config?.transientFailures ?? 0);
  const isTransient = (error: AxiosError) =>
    isNetworkError(error) ||
    error.code === "ECONNABORTED" ||
    error.code === "ECONNRESET" ||
    (error.response?.status ?? 0) >= 500;
  axiosRetry(client, {
    retries: options.maxRetries + THROTTLE_RETRIES,
    shouldResetTimeout: true,
    retryCondition: (error: AxiosError) => {
      if (error.response?.status === 429) {
        const throttled = throttledRetries(error);
        return throttled < THROTTLE_RETRIES && withinBudget(error, waitFor(throttled + 1, error));
      }
      const failures = error.config?.transientFailures ?? 0;
      // Nobody at that address: once more (a restart), then say so instead of backing off for long.
      const budget = unreachableCode(error) ? Math.min(1, options.maxRetries) : options.maxRetries;
      if (!(isTransient(error) && failures < budget)) return false;
      if (!withinBudget(error, waitFor(failures + 1, error))) return false;
      if (error.config) error.config.transientFailures = failures + 1;
      return true;
    },
    retryDelay: (_retryCount, error) =>
      Math.min(
        error.response?.status === 429
          ? waitFor(throttledRetries(error), error)
          : waitFor(error.config?.transientFailures ?? 1, error),
        MAX_TIMER_MS,
      ),
  });
  // After the retries: an endpoint nobody answers at becomes an error naming it and its setting.
  client.interceptors.response.use(undefined, (error: unknown) => {
    const code = unreachableCode(error);
    if (!code) return Promise.reject(asError(error));
    return Promise.reject(endpointUnreachable(new URL(options.baseUrl).origin, options.setting, code));
  });
  /** A retry whose wait passes the cap or the call's deadline is not made: the call fails now. */
  function withinBudget(error: AxiosError, waitMs: number): boolean {
    const left = (error.config?.deadline ?? Infinity) - Date.now();
    const asked = error.response?.headers["retry-after"] !== undefined;
    if (asked && waitMs > maxRetryAfterMs)
      throw new RetryBudgetError(
        `the server asked to wait ${Math.round(waitMs / 1000)} s (Retry-After), more than rewst-csp:maxRetryAfterSeconds (${maxRetryAfterMs / 1000} s)`,
      );
    if (waitMs > left)
      throw new RetryBudgetError(
        `gave up after rewst-csp:requestDeadlineSeconds (${deadlineMs / 1000} s) of retries (last answer ${error.response ? `HTTP ${error.response.status}` : (error.code ?? "network error")})`,
      );
    return true;
  }
  return client;
}

/** A short, secret-free description of a failed request. */
export function describeFailure(error: unknown): string {
  if (error instanceof RetryBudgetError) return error.detail;
  if (axios.isAxiosError(error)) {
    return error.response
      ? `HTTP ${error.response.status} after retries`
      : `${error.code ?? "network error"}`;
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * A `.catch` handler for a request: a ProviderError (the service's own answer, already explained)
 * passes as it is; anything else (a dropped connection, a budget spent) becomes `code`, saying what
 * failed and how.
 */
export const rethrowAs =
  (code: ProviderErrorCode, what: string, correlationId?: string) =>
  (error: unknown): never => {
    if (error instanceof ProviderError) throw error;
    throw new ProviderError(code, `${what} failed (${describeFailure(error)})`, correlationId);
  };
