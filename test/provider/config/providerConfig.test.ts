import { loadProviderConfig } from "../../../provider/config/providerConfig";
import { ProviderError } from "../../../provider/errors";

const lookupFrom =
  (values: Record<string, string>) =>
  (key: string): string | undefined =>
    values[key];

describe("loadProviderConfig", () => {
  test("returns typed settings from namespaced stack config", () => {
    const config = loadProviderConfig(
      lookupFrom({
        "rewst-csp:recordsApiUrl": "http://127.0.0.1:4780",
        "rewst-csp:recordsApiToken": "0123456789",
      }),
    );
    expect(config).toEqual({ recordsApiUrl: "http://127.0.0.1:4780", recordsApiToken: "0123456789" });
  });

  test("one error lists every missing key with how to set it", () => {
    let error: unknown;
    try {
      loadProviderConfig(lookupFrom({}));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).code).toBe("CONFIG_INVALID");
    expect((error as Error).message).toContain("rewst-csp:recordsApiUrl is required");
    expect((error as Error).message).toContain("rewst-csp:recordsApiToken is required");
    expect((error as Error).message).toContain("pulumi config set");
  });

  test("invalid values are named with the expected shape, never echoed", () => {
    const secret = "short";
    expect(() =>
      loadProviderConfig(
        lookupFrom({ "rewst-csp:recordsApiUrl": "ftp://example", "rewst-csp:recordsApiToken": secret }),
      ),
    ).toThrow(/recordsApiUrl must be an http\(s\) URL[\s\S]*recordsApiToken must be at least 8 characters/);
    try {
      loadProviderConfig(lookupFrom({ "rewst-csp:recordsApiUrl": "x", "rewst-csp:recordsApiToken": secret }));
    } catch (e) {
      expect((e as Error).message).not.toContain(`"${secret}"`);
    }
  });
});
