import http from "node:http";
import type { AddressInfo } from "node:net";

import { createHttpClient } from "../../../provider/clients/httpClient";
import { retryAfterMs } from "../../../provider/contracts/wire";

describe("retryAfterMs", () => {
  test("seconds, fractional seconds and HTTP dates", () => {
    expect(retryAfterMs("3")).toBe(3000);
    expect(retryAfterMs("2.128")).toBe(2128);
    const inTwoSeconds = new Date(Date.now() + 2000).toUTCString();
    expect(retryAfterMs(inTwoSeconds)).toBeGreaterThan(500);
  });

  test("absent or garbage headers give no delay", () => {
    expect(retryAfterMs(undefined)).toBeUndefined();
    expect(retryAfterMs("")).toBeUndefined();
    expect(retryAfterMs("soon")).toBeUndefined();
  });
});

describe("createHttpClient retries", () => {
  let server: http.Server;
  let answers: number[];
  let served: number[];
  beforeAll(async () => {
    server = http.createServer((_req, res) => {
      const status = answers.shift() ?? 200;
      served.push(status);
      if (status === 429) res.setHeader("Retry-After", "0");
      res.writeHead(status, { "Content-Type": "application/json" }).end("{}");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    served = [];
  });
  const client = (maxRetries: number) =>
    createHttpClient({
      baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      setting: "rewst-csp:graphUrl",
      userAgent: "test",
      maxRetries,
    });

  // A long 429 storm used to spend the error budget: the first 503 after it failed the call.
  test("throttling does not spend the budget for errors", async () => {
    answers = [429, 429, 429, 429, 429, 503, 200];
    const response = await client(1).get("/");
    expect(response.status).toBe(200);
    expect(served).toEqual([429, 429, 429, 429, 429, 503, 200]);
  });

  test("errors stop after maxRetries, throttling between them or not", async () => {
    answers = [503, 429, 503, 503, 200];
    await expect(client(2).get("/")).rejects.toMatchObject({ response: { status: 503 } });
    expect(served).toEqual([503, 429, 503, 503]);
  });
});
