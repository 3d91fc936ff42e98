import * as net from "net";

import { MicrosoftTokens } from "../../../provider/auth/microsoftTokens";
import { createHttpClient } from "../../../provider/clients/httpClient";
import { ProviderError } from "../../../provider/errors";

/** A loopback port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const failureOf = async (work: () => Promise<unknown>) => {
  const started = Date.now();
  const error = await work().then(
    () => undefined,
    (e: unknown) => e,
  );
  return { error: error as ProviderError | undefined, seconds: (Date.now() - started) / 1000 };
};

// After a settings change a refresh calls the endpoints recorded at the last `up`: that used to be
// 40-50 s of back-off per resource ending in a bare ECONNREFUSED.
describe("an endpoint nobody answers at", () => {
  test("an API call fails at once, naming the address, the setting and the way to current settings", async () => {
    const port = await closedPort();
    const http = createHttpClient({
      baseUrl: `https://127.0.0.1:${port}/v1.0`,
      setting: "rewst-csp:graphUrl",
      userAgent: "test",
      maxRetries: 6,
    });
    const { error, seconds } = await failureOf(() => http.get("/servicePrincipals"));
    expect(error).toBeInstanceOf(ProviderError);
    expect(error?.code).toBe("ENDPOINT_UNREACHABLE");
    expect(error?.message).toContain(
      `https://127.0.0.1:${port} cannot be reached (ECONNREFUSED); it is rewst-csp:graphUrl as the engine handed it to the provider`,
    );
    expect(error?.hint).toContain("pulumi preview --refresh --run-program");
    expect(seconds).toBeLessThan(5);
  });

  test("a token request too, although msal replaces transport failures by its own network_error", async () => {
    const port = await closedPort();
    const tokens = new MicrosoftTokens({
      partnerTenantId: "11111111-1111-4111-8111-111111111111",
      partnerAppId: "22222222-2222-4222-8222-222222222222",
      partnerAppSecret: "secret",
      partnerRefreshToken: "refresh",
      authorityHost: `https://127.0.0.1:${port}`,
    });
    const { error, seconds } = await failureOf(() =>
      tokens.delegated("11111111-1111-4111-8111-111111111111", "https://graph.microsoft.com"),
    );
    expect(error?.code).toBe("ENDPOINT_UNREACHABLE");
    expect(error?.message).toContain(
      `https://127.0.0.1:${port} cannot be reached (ECONNREFUSED); it is rewst-csp:authorityHost`,
    );
    expect(seconds).toBeLessThan(5);
  });
});
