import { aadstsCode, translateTokenError } from "../../../provider/auth/aadsts";

describe("translateTokenError", () => {
  test.each([
    [65001, "AUTH_NO_CONSENT", /app-1 has no consent .* in tenant tenant-1/],
    [50020, "AUTH_NO_GDAP", /no active GDAP relationship with tenant tenant-1/],
    [700082, "AUTH_REFRESH_TOKEN_EXPIRED", /rewst-csp:partnerRefreshToken/],
    [7000215, "AUTH_INVALID_CLIENT", /rewst-csp:partnerAppSecret/],
    [90002, "AUTH_TENANT_NOT_FOUND", /tenant tenant-1 does not exist/],
  ])("AADSTS%i becomes %s with an actionable message", (code, expected, message) => {
    const error = translateTokenError(
      new Error(`invalid_grant: AADSTS${code}: something. Trace ID: x`),
      "app-1",
      "tenant-1",
    );
    expect(error.code).toBe(expected);
    expect(error.message).toMatch(message);
  });

  test("unknown failures keep their first line only", () => {
    const error = translateTokenError(new Error("network down\nstack..."), "app-1", "tenant-1");
    expect(error.code).toBe("AUTH_FAILED");
    expect(error.message).toBe("[AUTH_FAILED] token request for tenant tenant-1 failed: network down");
  });

  test("aadstsCode reads the number", () => {
    expect(aadstsCode("AADSTS700082: expired")).toBe(700082);
    expect(aadstsCode("no code")).toBeUndefined();
  });
});
