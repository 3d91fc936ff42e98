import { CONFIG_KEYS, loadProviderConfig } from "../../../provider/config/providerConfig";
import { ProviderError } from "../../../provider/errors";

const lookupFrom =
  (values: Record<string, string>) =>
  (key: string): string | undefined =>
    values[key];

describe("loadProviderConfig", () => {
  const LISTING = ["rewstGraphqlUrl", "rewstCookieName", "consentStreamTimeoutSeconds"] as const;

  test("returns typed settings from namespaced stack config", () => {
    const config = loadProviderConfig(
      lookupFrom({
        "rewst-csp:rewstGraphqlUrl": "https://127.0.0.1:4443/graphql",
        "rewst-csp:consentStreamTimeoutSeconds": "45",
      }),
      LISTING,
    );
    expect(config).toEqual({
      rewstGraphqlUrl: "https://127.0.0.1:4443/graphql",
      rewstCookieName: "appSession",
      consentStreamTimeoutSeconds: 45,
    });
  });

  test("one error lists every missing key with how to set it", () => {
    let error: unknown;
    try {
      loadProviderConfig(lookupFrom({}), ["partnerTenantId", "partnerAppSecret"]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).code).toBe("CONFIG_INVALID");
    expect((error as Error).message).toContain("rewst-csp:partnerTenantId is required");
    expect((error as Error).message).toContain("rewst-csp:partnerAppSecret is required");
    expect((error as Error).message).toContain("pulumi config set");
  });

  test("invalid values are named with the expected shape, never echoed", () => {
    const secret = "not-a-url-secret";
    expect(() =>
      loadProviderConfig(
        lookupFrom({
          "rewst-csp:rewstGraphqlUrl": "ftp://example",
          "rewst-csp:consentStreamTimeoutSeconds": "-1",
        }),
        LISTING,
      ),
    ).toThrow(/rewstGraphqlUrl must be an https URL[\s\S]*consentStreamTimeoutSeconds must be positive/);
    try {
      loadProviderConfig(lookupFrom({ "rewst-csp:rewstGraphqlUrl": secret }), LISTING);
    } catch (e) {
      expect((e as Error).message).not.toContain(secret);
    }
  });

  test("Microsoft settings: GUIDs, https URLs and defaults", () => {
    const config = loadProviderConfig(
      lookupFrom({
        "rewst-csp:partnerTenantId": "11111111-1111-1111-1111-111111111111",
        "rewst-csp:partnerAppId": "22222222-2222-2222-2222-222222222222",
        "rewst-csp:partnerAppSecret": "s",
        "rewst-csp:partnerRefreshToken": "r",
      }),
      CONFIG_KEYS.microsoft,
    );
    expect(config.authorityHost).toBe("https://login.microsoftonline.com");
    expect(config.partnerCenterRequestsPerSecond).toBe(50);
    expect(() =>
      loadProviderConfig(
        lookupFrom({ "rewst-csp:partnerTenantId": "contoso", "rewst-csp:graphUrl": "http://graph" }),
        CONFIG_KEYS.microsoft,
      ),
    ).toThrow(
      /partnerTenantId must be a GUID[\s\S]*partnerAppId is required[\s\S]*graphUrl must be an https URL/,
    );
  });

  test("Rewst settings need a cookie or an API token", () => {
    expect(() => loadProviderConfig(lookupFrom({}), CONFIG_KEYS.rewst)).toThrow(
      /rewstCookie or rewst-csp:rewstApiToken is required/,
    );
    expect(
      loadProviderConfig(lookupFrom({ "rewst-csp:rewstApiToken": "t" }), CONFIG_KEYS.rewst).rewstGraphqlUrl,
    ).toBe("https://api.rewst.io/graphql");
  });

  test("credentials in the run's environment win over stack config (a CI step's own credential set)", () => {
    const stored = {
      "rewst-csp:partnerTenantId": "11111111-1111-1111-1111-111111111111",
      "rewst-csp:partnerAppId": "22222222-2222-2222-2222-222222222222",
      "rewst-csp:partnerAppSecret": "stored-secret",
      "rewst-csp:partnerRefreshToken": "stored-token",
    };
    const saved = { ...process.env };
    try {
      process.env.REWST_CSP_PARTNER_APP_ID = "33333333-3333-3333-3333-333333333333";
      process.env.REWST_CSP_PARTNER_APP_SECRET = "read-only-secret";
      process.env.REWST_CSP_PARTNER_REFRESH_TOKEN = "read-only-token";
      process.env.REWST_CSP_REWST_API_TOKEN = "read-only-rewst";
      expect(loadProviderConfig(lookupFrom(stored), CONFIG_KEYS.microsoft)).toMatchObject({
        partnerTenantId: "11111111-1111-1111-1111-111111111111",
        partnerAppId: "33333333-3333-3333-3333-333333333333",
        partnerAppSecret: "read-only-secret",
        partnerRefreshToken: "read-only-token",
      });
      // Without any credential in stack config, the environment alone is enough.
      expect(loadProviderConfig(lookupFrom({}), CONFIG_KEYS.rewst).rewstApiToken).toBe("read-only-rewst");
      process.env.REWST_CSP_PARTNER_APP_ID = "not-a-guid";
      expect(() => loadProviderConfig(lookupFrom(stored), CONFIG_KEYS.microsoft)).toThrow(
        /partnerAppId \(from REWST_CSP_PARTNER_APP_ID\) must be a GUID/,
      );
    } finally {
      process.env = saved;
    }
  });
});
