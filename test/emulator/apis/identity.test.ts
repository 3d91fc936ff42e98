import { ServerError } from "@azure/msal-node";

import { type RunningEmulator, startEmulator } from "../../../emulator/server";
import { MSP_APP_DEFAULT_GRANTS } from "../../../emulator/state/expand";
import { DEFAULT_IDENTITIES as ids, generateSeed } from "../../../emulator/state/seed";
import { AUDIENCES, accessTokenClaimsSchema, tokenErrorSchema } from "../../../provider/contracts/identity";
import {
  apiClient,
  decodeClaims,
  delegatedToken,
  mspApp,
  requestedUrls,
} from "../../support/emulatorClients";

// Customer 001: GDAP + MSP app consented; 002: no consent; 003: no GDAP.
const seed = generateSeed({ customerCount: 4, withoutMspConsentEvery: 2, withoutGdapEvery: 3 });
const customer = (n: number) => seed.customers[n - 1].tenantId;

describe("identity emulator with real msal-node", () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ seed });
  });
  afterAll(() => emulator.stop());

  test("refresh grant in the partner tenant yields a Partner Center token for the partner user", async () => {
    const result = await mspApp(emulator).acquireTokenByRefreshToken({
      refreshToken: ids.partnerRefreshToken,
      scopes: [`${AUDIENCES.partnerCenter}/.default`],
    });
    const claims = accessTokenClaimsSchema.parse(decodeClaims(result!.accessToken));
    expect(claims).toMatchObject({
      aud: AUDIENCES.partnerCenter,
      tid: ids.partnerTenantId,
      appid: ids.mspAppId,
      oid: ids.partnerUserId,
      scp: "user_impersonation",
    });
    expect(result!.account?.username).toBe(ids.partnerUserUpn);
    expect(claims.exp).toBeGreaterThan(Date.now() / 1000);
  });

  test("refresh grant against a customer authority is a GDAP delegated token for that tenant", async () => {
    const claims = decodeClaims(await delegatedToken(emulator, customer(1)));
    expect(claims).toMatchObject({
      aud: AUDIENCES.graph,
      tid: customer(1),
      scp: MSP_APP_DEFAULT_GRANTS[0].scope,
    });
  });

  test("the refresh token is rotated and the new one works", async () => {
    const app = mspApp(emulator);
    await app.acquireTokenByRefreshToken({
      refreshToken: ids.partnerRefreshToken,
      scopes: [`${AUDIENCES.graph}/.default`],
      forceCache: true,
    });
    const cache = JSON.parse(app.getTokenCache().serialize()) as {
      RefreshToken: Record<string, { secret: string }>;
    };
    const rotated = Object.values(cache.RefreshToken)[0].secret;
    expect(rotated).not.toBe(ids.partnerRefreshToken);
    const again = await mspApp(emulator).acquireTokenByRefreshToken({
      refreshToken: rotated,
      scopes: [`${AUDIENCES.graph}/.default`],
    });
    expect(decodeClaims(again!.accessToken).tid).toBe(ids.partnerTenantId);
  });

  test("a customer where the app has no service principal answers AADSTS65001", async () => {
    await expect(delegatedToken(emulator, customer(2))).rejects.toThrow(/AADSTS65001.*not consented/);
  });

  test("a customer without an active GDAP relationship answers AADSTS50020", async () => {
    const error = await delegatedToken(emulator, customer(3)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect((error as ServerError).errorCode).toBe("invalid_grant");
    expect((error as Error).message).toMatch(/AADSTS50020/);
  });

  test("client credentials per tenant: app roles in the token, AADSTS65001 without a service principal", async () => {
    const app = mspApp(emulator);
    const partner = await app.acquireTokenByClientCredential({ scopes: [`${AUDIENCES.graph}/.default`] });
    expect(decodeClaims(partner!.accessToken)).toMatchObject({ tid: ids.partnerTenantId, roles: [] });
    const customerToken = await app.acquireTokenByClientCredential({
      scopes: [`${AUDIENCES.graph}/.default`],
      authority: `${emulator.url}/${customer(1)}`,
    });
    expect(decodeClaims(customerToken!.accessToken).tid).toBe(customer(1));
    await expect(
      app.acquireTokenByClientCredential({
        scopes: [`${AUDIENCES.graph}/.default`],
        authority: `${emulator.url}/${customer(2)}`,
      }),
    ).rejects.toThrow(/AADSTS65001/);
  });

  test("a wrong client secret is invalid_client AADSTS7000215", async () => {
    const error = await mspApp(emulator, "wrong-secret")
      .acquireTokenByClientCredential({ scopes: [`${AUDIENCES.graph}/.default`] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect((error as ServerError).errorCode).toBe("invalid_client");
    expect((error as Error).message).toMatch(/AADSTS7000215/);
  });

  test("an expired refresh token is invalid_grant AADSTS700082, in the documented error shape", async () => {
    const expired = await startEmulator({
      seed: {
        ...seed,
        partner: {
          ...seed.partner,
          user: { ...seed.partner.user, refreshTokenExpiresAt: "2020-01-01T00:00:00.000Z" },
        },
      },
    });
    try {
      const res = await apiClient(expired).post(
        `/${ids.partnerTenantId}/oauth2/v2.0/token?client-request-id=x`,
        new URLSearchParams({
          grant_type: "refresh_token",
          client_id: ids.mspAppId,
          client_secret: ids.mspAppSecret,
          refresh_token: ids.partnerRefreshToken,
          scope: `${AUDIENCES.graph}/.default openid offline_access`,
          "x-client-SKU": "msal.js.node",
        }).toString(),
        { headers: { "content-type": "application/x-www-form-urlencoded" } },
      );
      expect(res.status).toBe(400);
      const body = tokenErrorSchema.parse(res.data);
      expect(body).toMatchObject({ error: "invalid_grant", error_codes: [700082] });
      expect(body.error_description).toMatch(/^AADSTS700082: /);
    } finally {
      await expired.stop();
    }
  });

  test("unknown tenants and multi-resource scopes get their AADSTS errors", async () => {
    const post = (tenant: string, scope: string) =>
      apiClient(emulator).post(
        `/${tenant}/oauth2/v2.0/token`,
        new URLSearchParams({
          grant_type: "client_credentials",
          client_id: ids.mspAppId,
          client_secret: ids.mspAppSecret,
          scope,
        }).toString(),
      );
    expect((await post("no-such-tenant.onmicrosoft.com", `${AUDIENCES.graph}/.default`)).data).toMatchObject({
      error_codes: [90002],
    });
    expect(
      (await post(ids.partnerTenantId, `${AUDIENCES.graph}/.default ${AUDIENCES.partnerCenter}/.default`))
        .data,
    ).toMatchObject({ error: "invalid_scope", error_codes: [28000] });
    expect((await post("common", `${AUDIENCES.graph}/.default`)).data).toMatchObject({
      error_codes: [50059],
    });
  });

  test("openid-configuration and keys are served; no client request left loopback", async () => {
    const config = await apiClient(emulator).get(
      `/${ids.partnerTenantId}/v2.0/.well-known/openid-configuration`,
    );
    expect(config.data).toMatchObject({
      issuer: `${emulator.url}/${ids.partnerTenantId}/v2.0`,
      token_endpoint: `${emulator.url}/${ids.partnerTenantId}/oauth2/v2.0/token`,
    });
    const keys = await apiClient(emulator).get(`/${ids.partnerTenantId}/discovery/v2.0/keys`);
    expect((keys.data as { keys: { kty: string }[] }).keys[0].kty).toBe("RSA");
    expect(requestedUrls.length).toBeGreaterThan(5);
    expect(requestedUrls.filter((u) => u.hostname !== "127.0.0.1")).toEqual([]);
  });
});
