import { type RunningEmulator, startEmulator } from "../../../emulator/server";
import { DEFAULT_IDENTITIES as ids, IMMEDIATE_CONSISTENCY, generateSeed } from "../../../emulator/state/seed";
import {
  graphPageSchema,
  oauth2PermissionGrantSchema,
  servicePrincipalSchema,
} from "../../../provider/contracts/graph";
import { AUDIENCES, WELL_KNOWN_APP_IDS } from "../../../provider/contracts/identity";
import {
  pcCustomerCollectionSchema,
  pcErrorSchema,
  pcThrottleSchema,
} from "../../../provider/contracts/partnerCenter";
import { apiClient, delegatedToken, mspApp } from "../../support/emulatorClients";

const CONNECTOR = ids.rewstCspConnectorAppId;
const consentBody = (scope = "Directory.Read.All,User.Read") => ({
  applicationId: CONNECTOR,
  displayName: "Rewst CSP Connector",
  applicationGrants: [{ enterpriseApplicationId: WELL_KNOWN_APP_IDS.microsoftGraph, scope }],
});

describe("Partner Center emulator", () => {
  const seed = generateSeed({ customerCount: 5, options: IMMEDIATE_CONSISTENCY });
  let emulator: RunningEmulator;
  let pcToken: string;
  beforeAll(async () => {
    emulator = await startEmulator({ seed });
    pcToken = await delegatedToken(emulator, ids.partnerTenantId, AUDIENCES.partnerCenter);
  });
  afterAll(() => emulator.stop());

  test("GET /v1/customers pages with links.next and the MS-ContinuationToken header", async () => {
    const client = apiClient(emulator, pcToken);
    let res = await client.get("/v1/customers", { params: { size: 2 } });
    const ids: string[] = [];
    for (;;) {
      const page = pcCustomerCollectionSchema.parse(res.data);
      ids.push(...page.items.map((c) => c.companyProfile.tenantId));
      const next = page.links?.next;
      if (!next) break;
      const headers = Object.fromEntries(next.headers.map((h) => [h.key, h.value]));
      res = await client.get(next.uri, { headers });
    }
    expect(ids).toEqual(seed.customers.map((c) => c.tenantId));
    const badToken = await client.get("/v1/customers?size=2&seekOperation=Next", {
      headers: { "MS-ContinuationToken": "garbage" },
    });
    expect(badToken.status).toBe(400);
    expect(pcErrorSchema.parse(badToken.data).code).toBe("400");
    expect((badToken.data as { source?: string }).source).toBe("PartnerFD");
    expect((await client.get("/v1/customers", { params: { size: 501 } })).status).toBe(400);
  });

  test("requires an app+user token with the Partner Center audience", async () => {
    const appOnly = await mspApp(emulator).acquireTokenByClientCredential({
      scopes: [`${AUDIENCES.graph}/.default`],
    });
    expect((await apiClient(emulator, appOnly!.accessToken).get("/v1/customers")).status).toBe(401);
    expect((await apiClient(emulator).get("/v1/customers")).status).toBe(401);
  });

  test("a consent creates the service principal and an AllPrincipals grant with space-separated scopes", async () => {
    const tenant = seed.customers[0].tenantId;
    const res = await apiClient(emulator, pcToken).post(
      `/v1/customers/${tenant}/applicationconsents`,
      consentBody(),
      { headers: { "MS-RequestId": "req-1", "MS-CorrelationId": "corr-1" } },
    );
    expect(res.status).toBe(201);
    expect(res.headers["ms-correlationid"]).toBe("corr-1");
    expect(res.data).toEqual(consentBody());

    const graph = apiClient(emulator, await delegatedToken(emulator, tenant));
    const connector = servicePrincipalSchema.parse(
      (await graph.get(`/v1.0/servicePrincipals(appId='${CONNECTOR}')`)).data,
    );
    const grants = graphPageSchema(oauth2PermissionGrantSchema).parse(
      (
        await graph.get("/v1.0/oauth2PermissionGrants", {
          params: { $filter: `clientId eq '${connector.id}'` },
        })
      ).data,
    );
    expect(grants.value).toEqual([
      expect.objectContaining({
        consentType: "AllPrincipals",
        scope: "Directory.Read.All User.Read",
        principalId: null,
      }),
    ]);

    // A retry with the same MS-RequestId is answered the same way; a new logical call conflicts.
    const retried = await apiClient(emulator, pcToken).post(
      `/v1/customers/${tenant}/applicationconsents`,
      consentBody(),
      { headers: { "MS-RequestId": "req-1" } },
    );
    expect(retried.status).toBe(201);
    const duplicate = await apiClient(emulator, pcToken).post(
      `/v1/customers/${tenant}/applicationconsents`,
      consentBody(),
    );
    expect(duplicate.status).toBe(409);
    expect(pcErrorSchema.parse(duplicate.data).description).toBe("Permission entry already exists.");
  });

  test("a consent for an application id no application object has is refused, nothing created (UNCONFIRMED shape, switchable)", async () => {
    const tenant = seed.customers[2].tenantId;
    const client = apiClient(emulator, pcToken);
    const ghost = "0badc0de-0000-4000-8000-00000000dead";
    const refused = await client.post(`/v1/customers/${tenant}/applicationconsents`, {
      ...consentBody(),
      applicationId: ghost,
    });
    expect(refused.status).toBe(400);
    expect(pcErrorSchema.parse(refused.data).description).toContain(`The application ${ghost} was not found`);
    expect(emulator.control.exportState().servicePrincipals.some((sp) => sp.appId === ghost)).toBe(false);
    // Rewst's published apps of every generation are known.
    const bundle = await client.post(`/v1/customers/${tenant}/applicationconsents`, {
      ...consentBody(),
      applicationId: "2bfb92c3-5845-4776-a1ad-5398acdf285e",
    });
    expect(bundle.status).toBe(201);

    // Switched off, the consent is granted as asked.
    const lenient = await startEmulator({
      seed: generateSeed({
        customerCount: 1,
        options: { ...IMMEDIATE_CONSISTENCY, refuseUnknownApplications: false },
      }),
    });
    try {
      const token = await delegatedToken(lenient, ids.partnerTenantId, AUDIENCES.partnerCenter);
      const granted = await apiClient(lenient, token).post(
        `/v1/customers/${lenient.control.exportState().tenants.find((t) => t.kind === "customer")!.id}/applicationconsents`,
        { ...consentBody(), applicationId: ghost },
      );
      expect(granted.status).toBe(201);
    } finally {
      await lenient.stop();
    }
  });

  test("PascalCase bodies are accepted; unknown customers are 404; removal deletes grants, keeps the service principal", async () => {
    const tenant = seed.customers[1].tenantId;
    const client = apiClient(emulator, pcToken);
    const pascal = await client.post(`/v1/customers/${tenant}/applicationconsents`, {
      ApplicationId: CONNECTOR,
      ApplicationGrants: [{ EnterpriseApplicationId: WELL_KNOWN_APP_IDS.microsoftGraph, Scope: "User.Read" }],
    });
    expect(pascal.status).toBe(201);
    expect(
      (
        await client.post(
          `/v1/customers/00000000-0000-0000-0000-000000000000/applicationconsents`,
          consentBody(),
        )
      ).status,
    ).toBe(404);
    expect((await client.post(`/v1/customers/${tenant}/applicationconsents`, { nope: true })).status).toBe(
      400,
    );

    expect((await client.delete(`/v1/customers/${tenant}/applicationconsents/${CONNECTOR}`)).status).toBe(
      204,
    );
    expect((await client.delete(`/v1/customers/${tenant}/applicationconsents/${CONNECTOR}`)).status).toBe(
      404,
    );
    const graph = apiClient(emulator, await delegatedToken(emulator, tenant));
    const connector = servicePrincipalSchema.parse(
      (await graph.get(`/v1.0/servicePrincipals(appId='${CONNECTOR}')`)).data,
    );
    const grants = graphPageSchema(oauth2PermissionGrantSchema).parse(
      (
        await graph.get("/v1.0/oauth2PermissionGrants", {
          params: { $filter: `clientId eq '${connector.id}'` },
        })
      ).data,
    );
    expect(grants.value).toEqual([]);
  });

  test("more than 50 consent requests per second for one applicationId get 429 with Retry-After", async () => {
    const client = apiClient(emulator, pcToken);
    const tenant = seed.customers[2].tenantId;
    const responses = await Promise.all(
      Array.from({ length: 60 }, () =>
        client.delete(`/v1/customers/${tenant}/applicationconsents/throttle-probe-app`),
      ),
    );
    const throttled = responses.filter((r) => r.status === 429);
    expect(throttled.length).toBeGreaterThanOrEqual(10);
    expect(Number(throttled[0].headers["retry-after"])).toBeGreaterThanOrEqual(1);
    expect(pcThrottleSchema.parse(throttled[0].data).message).toMatch(/Rate limit is exceeded/);
  });

  test("a configured propagation delay hides new objects from Graph until it passes", async () => {
    const delayed = await startEmulator({ seed: { ...seed, options: { propagationDelayMs: 400 } } });
    try {
      const tenant = seed.customers[3].tenantId;
      const token = await delegatedToken(delayed, ids.partnerTenantId, AUDIENCES.partnerCenter);
      expect(
        (await apiClient(delayed, token).post(`/v1/customers/${tenant}/applicationconsents`, consentBody()))
          .status,
      ).toBe(201);
      const graph = apiClient(delayed, await delegatedToken(delayed, tenant));
      expect((await graph.get(`/v1.0/servicePrincipals(appId='${CONNECTOR}')`)).status).toBe(404);
      await new Promise((resolve) => setTimeout(resolve, 450));
      expect((await graph.get(`/v1.0/servicePrincipals(appId='${CONNECTOR}')`)).status).toBe(200);
    } finally {
      await delayed.stop();
    }
  });
});
