import { type RunningEmulator, startEmulator } from "../../emulator/server";
import { DEFAULT_IDENTITIES as ids, generateSeed } from "../../emulator/state/seed";
import { DIRECTORY_ROLES } from "../../provider/contracts/graph";
import { AUDIENCES, WELL_KNOWN_APP_IDS } from "../../provider/contracts/identity";
import { apiClient, delegatedToken } from "../support/emulatorClients";

const GRAPH = WELL_KNOWN_APP_IDS.microsoftGraph;
const CONNECTOR = ids.rewstCspConnectorAppId;

/**
 * The emulator is as strict and as slow as the real services by default: GDAP roles, replication,
 * Entra's scope rules, MFA for Partner Center, documented shapes for odd principals and relationships.
 */
describe("the emulator behaves like the real services by default", () => {
  const seed = generateSeed({
    customerCount: 6,
    customers: {
      2: { gdapRoles: [DIRECTORY_ROLES.directoryReaders.id] }, // reads only
      3: { gdap: "approvalPending", gdapKind: "reseller" },
      4: {
        servicePrincipals: [
          {
            appId: "b1d2c3e4-0000-4000-8000-00000000abcd",
            displayName: "Rewst CSP Connector",
            servicePrincipalType: "ManagedIdentity",
          },
          {
            appId: CONNECTOR,
            displayName: "Rewst CSP Connector",
            accountEnabled: false,
            graphScope: "Directory.Read.All",
          },
        ],
      },
      6: { gdapRoles: ["29232cdf-9323-42fd-ade2-1d097af3e4de"] }, // Exchange Administrator
    },
  });
  const tenant = (n: number) => seed.customers[n - 1].tenantId;
  let emulator: RunningEmulator;
  let pc: ReturnType<typeof apiClient>;
  const consent = (n: number, scope: string, enterpriseApplicationId: string = GRAPH) =>
    pc.post(`/v1/customers/${tenant(n)}/applicationconsents`, {
      applicationId: CONNECTOR,
      displayName: "Rewst CSP Connector",
      applicationGrants: [{ enterpriseApplicationId, scope }],
    });

  beforeAll(async () => {
    emulator = await startEmulator({ seed });
    pc = apiClient(emulator, await delegatedToken(emulator, ids.partnerTenantId, AUDIENCES.partnerCenter));
  });
  afterAll(() => emulator.stop());

  test("a consent's principal and grants appear only after replication", async () => {
    expect((await consent(1, "Directory.Read.All")).status).toBe(201);
    const graph = apiClient(emulator, await delegatedToken(emulator, tenant(1)));
    const read = () => graph.get(`/v1.0/servicePrincipals(appId='${CONNECTOR.toUpperCase()}')`);
    expect((await read()).status).toBe(404);
    await new Promise((resolve) => setTimeout(resolve, 1_600));
    expect((await read()).status).toBe(200);
  });

  test("GDAP roles: Directory Readers reads but cannot consent; a role without directory reads cannot read", async () => {
    const graph = apiClient(emulator, await delegatedToken(emulator, tenant(2)));
    expect((await graph.get("/v1.0/servicePrincipals")).status).toBe(200);
    const exchangeOnly = apiClient(emulator, await delegatedToken(emulator, tenant(6)));
    const read = await exchangeOnly.get("/v1.0/servicePrincipals");
    expect(read.status).toBe(403);
    expect(JSON.stringify(read.data)).toMatch(
      /needs Global Reader, Directory Readers, .*Privileged Role Administrator/,
    );
    const refused = await consent(2, "Directory.Read.All");
    expect(refused.status).toBe(403);
    expect((refused.data as { description: string }).description).toMatch(
      /needs Global Administrator, Privileged Role Administrator or Cloud Application Administrator/,
    );
  });

  test("a pending reseller relationship: documented type and null dates; no token for its tenant", async () => {
    const partnerGraph = apiClient(emulator, await delegatedToken(emulator, ids.partnerTenantId));
    const listing = (await partnerGraph.get("/v1.0/tenantRelationships/delegatedAdminRelationships"))
      .data as {
      value: Record<string, unknown>[];
    };
    const pending = listing.value.find((r) => (r.customer as { tenantId: string }).tenantId === tenant(3))!;
    expect(pending).toMatchObject({
      "@odata.type": "#microsoft.graph.resellerDelegatedAdminRelationship",
      status: "approvalPending",
      activatedDateTime: null,
      endDateTime: null,
    });
    const active = listing.value.find((r) => (r.customer as { tenantId: string }).tenantId === tenant(1))!;
    const assignments = (
      await partnerGraph.get(
        `/v1.0/tenantRelationships/delegatedAdminRelationships/${String(active.id)}/accessAssignments`,
      )
    ).data as { value: { accessContainer: { accessContainerId: string }; status: string }[] };
    const groups = (await partnerGraph.get("/v1.0/me/transitiveMemberOf")).data as {
      value: { id: string }[];
    };
    expect(assignments.value[0].status).toBe("active");
    expect(groups.value.map((g) => g.id)).toContain(assignments.value[0].accessContainer.accessContainerId);
    await expect(delegatedToken(emulator, tenant(3))).rejects.toThrow(/AADSTS50020/);
  });

  test("Entra's scope rules: unknown scope, unknown resource app and over-long scope strings are refused", async () => {
    const unknownScope = await consent(5, "Directory.Read.All Directory.Raed.All");
    expect([unknownScope.status, JSON.stringify(unknownScope.data)]).toEqual([
      400,
      expect.stringMatching(/AADSTS650051.*Directory\.Raed\.All/),
    ]);
    const unknownApp = await consent(5, "User.Read", "33333333-3333-3333-3333-333333333333");
    expect(JSON.stringify(unknownApp.data)).toMatch(/AADSTS500011/);
    const long = await consent(5, Array.from({ length: 500 }, () => "Directory.Read.All").join(" "));
    expect(JSON.stringify(long.data)).toMatch(/AADSTS650051.*limit is 8000/);
  });

  test("a token reads only what its permissions allow (User.Read lists no service principals)", async () => {
    emulator.control.drift({
      kind: "editGrantScopes",
      tenantId: tenant(5),
      clientAppId: ids.mspAppId,
      resourceAppId: GRAPH,
      scope: "User.Read",
    });
    const graph = apiClient(emulator, await delegatedToken(emulator, tenant(5)));
    const listed = await graph.get("/v1.0/servicePrincipals");
    expect([listed.status, (listed.data as { error: { code: string } }).error.code]).toEqual([
      403,
      "Authorization_RequestDenied",
    ]);
  });

  test("a managed-identity namesake and a disabled connector read as Graph shows them", async () => {
    const graph = apiClient(emulator, await delegatedToken(emulator, tenant(4)));
    const named = (
      await graph.get("/v1.0/servicePrincipals", {
        params: { $filter: "displayName eq 'Rewst CSP Connector'" },
      })
    ).data as { value: Record<string, unknown>[] };
    expect(named.value.map((sp) => [sp.servicePrincipalType, sp.appDisplayName, sp.accountEnabled])).toEqual([
      ["ManagedIdentity", null, true],
      ["Application", "Rewst CSP Connector", false],
    ]);
  });
});

test("Partner Center refuses an app+user token without MFA (401, 900421)", async () => {
  const seed = generateSeed({ customerCount: 1 });
  const emulator = await startEmulator({
    seed: { ...seed, partner: { ...seed.partner, user: { ...seed.partner.user, refreshTokenMfa: false } } },
  });
  try {
    const pc = apiClient(
      emulator,
      await delegatedToken(emulator, ids.partnerTenantId, AUDIENCES.partnerCenter),
    );
    const res = await pc.get("/v1/customers");
    expect([res.status, (res.data as { code: number }).code]).toEqual([401, 900421]);
  } finally {
    await emulator.stop();
  }
});
