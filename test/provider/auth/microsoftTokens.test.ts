import { type RunningEmulator, startEmulator } from "../../../emulator/server";
import { DEFAULT_IDENTITIES as ids, generateSeed } from "../../../emulator/state/seed";
import { MicrosoftTokens } from "../../../provider/auth/microsoftTokens";
import { AUDIENCES } from "../../../provider/contracts/identity";
import { ProviderError } from "../../../provider/errors";

// Real msal-node against the emulator's token endpoint, where redeeming a refresh token revokes it.
describe("refresh-token redemption with rotation that revokes the presented token", () => {
  const seed = generateSeed({ customerCount: 6, options: { revokeRotatedRefreshTokens: true } });
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ seed });
  });
  afterAll(() => emulator.stop());

  const tokens = () =>
    new MicrosoftTokens({
      partnerTenantId: ids.partnerTenantId,
      partnerAppId: ids.mspAppId,
      partnerAppSecret: ids.mspAppSecret,
      partnerRefreshToken: ids.partnerRefreshToken,
      authorityHost: emulator.url,
      ca: emulator.ca,
    });

  test("six concurrent tenants all get a token, each redemption presenting the newest refresh token", async () => {
    emulator.control.reset(seed);
    const client = tokens();
    const results = await Promise.allSettled(
      seed.customers.map((c) => client.delegated(c.tenantId, AUDIENCES.graph)),
    );
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    expect(client.currentRefreshToken()).not.toBe(ids.partnerRefreshToken);
    // Later redemptions run one at a time and succeed too.
    await expect(client.delegated(ids.partnerTenantId, AUDIENCES.partnerCenter)).resolves.toEqual(
      expect.any(String),
    );
  });

  test("a token revoked before this process started still fails, with the renewal advice", async () => {
    emulator.control.reset(seed);
    await tokens().delegated(seed.customers[0].tenantId, AUDIENCES.graph); // revokes the configured token
    const error = await tokens()
      .delegated(seed.customers[1].tenantId, AUDIENCES.graph)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).code).toBe("AUTH_REFRESH_TOKEN_EXPIRED");
    expect((error as Error).message).toMatch(/AADSTS50173.*rotate-token/);
  });
});
