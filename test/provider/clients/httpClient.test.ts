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
