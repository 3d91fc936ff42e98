/**
 * The JSON batch's resend rules, on a fake clock and a scripted transport (pure logic): a throttled
 * sub-request waits its own Retry-After before it is sent alone, and one malformed sub-response does
 * not discard the rest of the answer.
 */
import type { AxiosInstance } from "axios";

import { type BatchClock, batchGet } from "../../../provider/clients/graphBatch";

/** A transport that answers the batch POST with `responses` and every single GET with 200, noting when. */
function scripted(responses: unknown[], clock: { t: number }) {
  const gets: { url: string; at: number }[] = [];
  const http = {
    post: () => Promise.resolve({ status: 200, data: { responses } }),
    get: (url: string) => {
      gets.push({ url, at: clock.t });
      return Promise.resolve({ status: 200, data: { url } });
    },
  } as unknown as AxiosInstance;
  return { http, gets };
}

const fakeClock = () => {
  const time = { t: 0 };
  const clock: BatchClock = {
    now: () => time.t,
    sleep: (ms) => {
      time.t += ms;
      return Promise.resolve();
    },
  };
  return { time, clock };
};
const bearer = () => Promise.resolve("token");
const urls = { a: "/servicePrincipals/a", b: "/servicePrincipals/b", c: "/servicePrincipals/c" };

describe("batchGet", () => {
  test("a 429 sub-response with Retry-After: 2 is sent again no sooner than 2 s later; the others are kept", async () => {
    const { time, clock } = fakeClock();
    const { http, gets } = scripted(
      [
        { id: "a", status: 200, body: { id: "a" } },
        {
          id: "b",
          status: 429,
          headers: { "Retry-After": "2" },
          body: { error: { code: "TooManyRequests" } },
        },
        { id: "c", status: 404, body: { error: { code: "Request_ResourceNotFound" } } },
      ],
      time,
    );
    const answers = await batchGet(http, bearer, "t", urls, clock);
    expect(gets).toEqual([{ url: "/v1.0/servicePrincipals/b", at: 2000 }]);
    expect(answers.a).toEqual({ status: 200, data: { id: "a" } });
    expect(answers.b).toEqual({ status: 200, data: { url: "/v1.0/servicePrincipals/b" } });
    expect(answers.c.status).toBe(404);
  });

  test("a 429 without Retry-After still waits (no immediate retry); a 503 with none is sent again at once", async () => {
    const { time, clock } = fakeClock();
    const { http, gets } = scripted(
      [
        { id: "a", status: 503, body: null },
        { id: "b", status: "429", body: null },
        { id: "c", status: 200, body: {} },
      ],
      time,
    );
    await batchGet(http, bearer, "t", urls, clock);
    expect(gets).toEqual([
      { url: "/v1.0/servicePrincipals/a", at: 0 },
      { url: "/v1.0/servicePrincipals/b", at: 1000 },
    ]);
  });

  test("a sub-response with a non-string header or no id spoils only itself", async () => {
    const { time, clock } = fakeClock();
    const { http, gets } = scripted(
      [
        {
          id: "a",
          status: 200,
          headers: { "Content-Type": "application/json", "x-count": 3 },
          body: { id: "a" },
        },
        { status: 200, body: { id: "?" } },
        { id: "c", status: 200, body: { id: "c" } },
      ],
      time,
    );
    const answers = await batchGet(http, bearer, "t", urls, clock);
    expect(answers.a.data).toEqual({ id: "a" });
    expect(answers.c.data).toEqual({ id: "c" });
    expect(gets.map((g) => g.url)).toEqual(["/v1.0/servicePrincipals/b"]);
  });
});
