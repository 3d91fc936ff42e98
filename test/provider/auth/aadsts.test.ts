import { aadstsCode, translateTokenError } from "../../../provider/auth/aadsts";

describe("translateTokenError", () => {
  test.each([
    [65001, "AUTH_NO_CONSENT", /app-1 has no consent .* in tenant tenant-1/],
    [50020, "AUTH_NO_GDAP", /no active GDAP relationship with tenant tenant-1/],
    [700082, "AUTH_REFRESH_TOKEN_EXPIRED", /rewst-csp:partnerRefreshToken/],
    [7000215, "AUTH_INVALID_CLIENT", /rewst-csp:partnerAppSecret/],
    [90002, "AUTH_TENANT_NOT_FOUND", /tenant tenant-1 does not exist/],
    [50177, "AUTH_PASSTHROUGH_UNSUPPORTED", /not a GDAP problem/],
    [53003, "AUTH_CONDITIONAL_ACCESS", /Conditional Access policy blocked the sign-in to tenant tenant-1/],
    [50076, "AUTH_MFA_REQUIRED", /requires multi-factor authentication/],
    [50079, "AUTH_MFA_REQUIRED", /register for multi-factor authentication/],
    [650051, "AUTH_SCOPE_INVALID", /8,000 characters .* misspelled or deprecated scopes/],
    [500011, "AUTH_RESOURCE_NOT_IN_TENANT", /service principal does not exist in tenant tenant-1/],
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

  test("an answer body quoted by msal (HTML from a proxy, JSON) is never echoed", () => {
    const body = "<html><body>Proxy login for refresh_token=abc&client_secret=xyz</body></html>";
    const error = translateTokenError(
      Object.assign(new Error(`Server error: ${body}`), { errorCode: "invalid_json" }),
      "app-1",
      "tenant-1",
    );
    expect(error.code).toBe("AUTH_FAILED");
    expect(error.message).not.toMatch(/html|client_secret|refresh_token/);
    expect(error.message).toContain("the token endpoint's answer was not a token response (invalid_json)");
  });

  test("aadstsCode reads the number", () => {
    expect(aadstsCode("AADSTS700082: expired")).toBe(700082);
    expect(aadstsCode("no code")).toBeUndefined();
  });
});
