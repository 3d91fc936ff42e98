import { type RunningEmulator, startEmulator } from "../../../emulator/server";
import {
  DEFAULT_GDAP_ROLES,
  DEFAULT_IDENTITIES as ids,
  IMMEDIATE_CONSISTENCY,
  generateSeed,
} from "../../../emulator/state/seed";
import { EXCHANGE_ONLINE_APP_ID } from "../../../emulator/state/catalog";
import {
  DIRECTORY_ROLES,
  appRoleAssignmentSchema,
  batchResponseSchema,
  batchSubResponseSchema,
  delegatedAdminRelationshipSchema,
  graphErrorSchema,
  graphPageSchema,
  oauth2PermissionGrantSchema,
  servicePrincipalSchema,
} from "../../../provider/contracts/graph";
import { AUDIENCES, WELL_KNOWN_APP_IDS } from "../../../provider/contracts/identity";
import { apiClient, delegatedToken } from "../../support/emulatorClients";

const seed = generateSeed({
  customerCount: 4,
  withoutGdapEvery: 4,
  options: IMMEDIATE_CONSISTENCY,
  // Customer 1's GDAP group has the default roles, Privileged Role Administrator included (Microsoft
  // Graph's app roles need it); customer 2's has not.
  customers: {
    2: {
      gdapRoles: DEFAULT_GDAP_ROLES.filter((role) => role !== DIRECTORY_ROLES.privilegedRoleAdministrator.id),
    },
  },
});
const customer = (n: number) => seed.customers[n - 1].tenantId;
const spPage = graphPageSchema(servicePrincipalSchema);

describe("Graph emulator", () => {
  let emulator: RunningEmulator;
  let partnerToken: string;
  let customerToken: string;
  beforeAll(async () => {
    emulator = await startEmulator({ seed });
    partnerToken = await delegatedToken(emulator, ids.partnerTenantId);
    customerToken = await delegatedToken(emulator, customer(1));
  });
  afterAll(() => emulator.stop());

  test("servicePrincipals: $filter appId eq, $select and the tenant of the token", async () => {
    const res = await apiClient(emulator, partnerToken).get(`/v1.0/servicePrincipals`, {
      params: { $filter: `appId eq '${ids.rewstProdAppId}'`, $select: "id,appId,displayName" },
    });
    expect(res.status).toBe(200);
    const body = res.data as { value: Record<string, unknown>[] };
    expect(body.value).toEqual([
      { id: expect.any(String) as string, appId: ids.rewstProdAppId, displayName: "Rewst Prod" },
    ]);
    // Rewst Prod lives in the partner tenant only.
    const inCustomer = await apiClient(emulator, customerToken).get(`/v1.0/servicePrincipals`, {
      params: { $filter: `appId eq '${ids.rewstProdAppId}'` },
    });
    expect(spPage.parse(inCustomer.data).value).toEqual([]);
  });

  test("servicePrincipals paging follows @odata.nextLink", async () => {
    const client = apiClient(emulator, customerToken);
    let url: string | undefined = "/v1.0/servicePrincipals?$top=1";
    const seen: string[] = [];
    while (url) {
      const page = spPage.parse((await client.get(url)).data);
      seen.push(...page.value.map((sp) => sp.appId));
      url = page["@odata.nextLink"] ?? undefined;
    }
    expect(seen.sort()).toEqual(
      [ids.mspAppId, WELL_KNOWN_APP_IDS.microsoftGraph, EXCHANGE_ONLINE_APP_ID].sort(),
    );
  });

  test("servicePrincipals(appId=...) returns 404 Request_ResourceNotFound when absent", async () => {
    const client = apiClient(emulator, customerToken);
    expect(
      servicePrincipalSchema.parse(
        (await client.get(`/v1.0/servicePrincipals(appId='${ids.mspAppId}')`)).data,
      ).appId,
    ).toBe(ids.mspAppId);
    const missing = await client.get(`/v1.0/servicePrincipals(appId='${ids.rewstCspConnectorAppId}')`);
    expect(missing.status).toBe(404);
    expect(graphErrorSchema.parse(missing.data).error.code).toBe("Request_ResourceNotFound");
  });

  test("a token is only accepted for its audience, and writes need write permissions", async () => {
    const pcToken = await delegatedToken(emulator, ids.partnerTenantId, AUDIENCES.partnerCenter);
    const wrongAudience = await apiClient(emulator, pcToken).get("/v1.0/servicePrincipals");
    expect(wrongAudience.status).toBe(401);
    expect(graphErrorSchema.parse(wrongAudience.data).error.code).toBe("InvalidAuthenticationToken");
    expect((await apiClient(emulator).get("/v1.0/servicePrincipals")).status).toBe(401);
    // An admin narrowed the MSP app's delegated grant in customer 3 to reads.
    emulator.control.drift({
      kind: "editGrantScopes",
      tenantId: customer(3),
      clientAppId: ids.mspAppId,
      resourceAppId: WELL_KNOWN_APP_IDS.microsoftGraph,
      scope: "Directory.Read.All",
    });
    const reader = apiClient(emulator, await delegatedToken(emulator, customer(3)));
    const write = await reader.post("/v1.0/servicePrincipals", { appId: ids.rewstCspConnectorAppId });
    expect(write.status).toBe(403);
    expect(graphErrorSchema.parse(write.data).error.code).toBe("Authorization_RequestDenied");
  });

  test("oauth2PermissionGrants: list by clientId, create (409 on duplicate), patch and delete", async () => {
    // Widen the MSP app's grant out of band so its delegated token may write in this tenant.
    emulator.control.drift({
      kind: "editGrantScopes",
      tenantId: customer(1),
      clientAppId: ids.mspAppId,
      resourceAppId: WELL_KNOWN_APP_IDS.microsoftGraph,
      scope: "Directory.Read.All,Directory.ReadWrite.All",
    });
    const writer = apiClient(emulator, await delegatedToken(emulator, customer(1)));
    const msp = servicePrincipalSchema.parse(
      (await writer.get(`/v1.0/servicePrincipals(appId='${ids.mspAppId}')`)).data,
    );
    const graphSp = servicePrincipalSchema.parse(
      (await writer.get(`/v1.0/servicePrincipals(appId='${WELL_KNOWN_APP_IDS.microsoftGraph}')`)).data,
    );
    const listed = graphPageSchema(oauth2PermissionGrantSchema).parse(
      (await writer.get("/v1.0/oauth2PermissionGrants", { params: { $filter: `clientId eq '${msp.id}'` } }))
        .data,
    );
    expect(listed.value).toEqual([
      expect.objectContaining({
        clientId: msp.id,
        resourceId: graphSp.id,
        consentType: "AllPrincipals",
        scope: "Directory.Read.All Directory.ReadWrite.All",
      }),
    ]);

    const duplicate = await writer.post("/v1.0/oauth2PermissionGrants", {
      clientId: msp.id,
      consentType: "AllPrincipals",
      resourceId: graphSp.id,
      scope: "User.Read",
    });
    expect(duplicate.status).toBe(409);
    expect(graphErrorSchema.parse(duplicate.data).error.message).toBe("Permission entry already exists.");

    const grantId = listed.value[0].id;
    expect(
      (
        await writer.patch(`/v1.0/oauth2PermissionGrants/${grantId}`, {
          scope: "Directory.ReadWrite.All User.Read",
        })
      ).status,
    ).toBe(204);
    const created = await writer.post("/v1.0/servicePrincipals", { appId: ids.rewstCspConnectorAppId });
    expect(created.status).toBe(201);
    const connector = servicePrincipalSchema.parse(created.data);
    const grant = await writer.post("/v1.0/oauth2PermissionGrants", {
      clientId: connector.id,
      consentType: "AllPrincipals",
      resourceId: graphSp.id,
      scope: "User.Read",
    });
    expect(grant.status).toBe(201);
    expect(
      (
        await writer.delete(
          `/v1.0/oauth2PermissionGrants/${oauth2PermissionGrantSchema.parse(grant.data).id}`,
        )
      ).status,
    ).toBe(204);
    expect((await writer.delete(`/v1.0/servicePrincipals/${connector.id}`)).status).toBe(204);
    expect((await writer.get(`/v1.0/servicePrincipals/${connector.id}`)).status).toBe(404);
  });

  test("PATCH servicePrincipals, per-principal grants and app role assignment writes", async () => {
    // Runs after the grants test widened the MSP app's delegated scopes in customer 1.
    const writer = apiClient(emulator, await delegatedToken(emulator, customer(1)));
    const msp = servicePrincipalSchema.parse(
      (await writer.get(`/v1.0/servicePrincipals(appId='${ids.mspAppId}')`)).data,
    );
    const graphSp = servicePrincipalSchema.parse(
      (await writer.get(`/v1.0/servicePrincipals(appId='${WELL_KNOWN_APP_IDS.microsoftGraph}')`)).data,
    );
    const perPrincipal = await writer.get(`/v1.0/servicePrincipals/${msp.id}/oauth2PermissionGrants`);
    expect(graphPageSchema(oauth2PermissionGrantSchema).parse(perPrincipal.data).value).toHaveLength(1);

    const role = graphSp.appRoles.find((r) => r.value === "Directory.Read.All")!;
    // Cloud Application Administrator without Privileged Role Administrator (customer 2) may not grant
    // Microsoft Graph's app roles.
    const limited = apiClient(emulator, await delegatedToken(emulator, customer(2)));
    const limitedMsp = servicePrincipalSchema.parse(
      (await limited.get(`/v1.0/servicePrincipals(appId='${ids.mspAppId}')`)).data,
    );
    const limitedGraph = servicePrincipalSchema.parse(
      (await limited.get(`/v1.0/servicePrincipals(appId='${WELL_KNOWN_APP_IDS.microsoftGraph}')`)).data,
    );
    const refused = await limited.post(`/v1.0/servicePrincipals/${limitedMsp.id}/appRoleAssignments`, {
      principalId: limitedMsp.id,
      resourceId: limitedGraph.id,
      appRoleId: role.id,
    });
    expect(refused.status).toBe(403);
    expect(graphErrorSchema.parse(refused.data).error.message).toMatch(/Privileged Role Administrator/);
    const assigned = await writer.post(`/v1.0/servicePrincipals/${msp.id}/appRoleAssignments`, {
      principalId: msp.id,
      resourceId: graphSp.id,
      appRoleId: role.id,
    });
    expect(assigned.status).toBe(201);
    expect(appRoleAssignmentSchema.parse(assigned.data)).toMatchObject({
      appRoleId: role.id,
      resourceDisplayName: "Microsoft Graph",
    });
    const again = await writer.post(`/v1.0/servicePrincipals/${msp.id}/appRoleAssignments`, {
      principalId: msp.id,
      resourceId: graphSp.id,
      appRoleId: role.id,
    });
    expect(again.status).toBe(400); // Graph answers a duplicate with 400 Request_BadRequest
    const listed = await writer.get(`/v1.0/servicePrincipals/${msp.id}/appRoleAssignments`);
    expect(
      graphPageSchema(appRoleAssignmentSchema)
        .parse(listed.data)
        .value.map((a) => a.appRoleId),
    ).toEqual([role.id]);
    // Removed by its id under the principal; a second removal finds nothing.
    const assignment = appRoleAssignmentSchema.parse(assigned.data);
    const removePath = `/v1.0/servicePrincipals/${msp.id}/appRoleAssignments/${assignment.id}`;
    expect((await writer.delete(removePath)).status).toBe(204);
    expect((await writer.delete(removePath)).status).toBe(404);

    const rewstProdLike = await writer.post("/v1.0/servicePrincipals", { appId: ids.rewstProdAppId });
    const created = servicePrincipalSchema.parse(rewstProdLike.data);
    expect(
      (await writer.patch(`/v1.0/servicePrincipals/${created.id}`, { accountEnabled: false })).status,
    ).toBe(204);
    expect(
      servicePrincipalSchema.parse((await writer.get(`/v1.0/servicePrincipals/${created.id}`)).data)
        .accountEnabled,
    ).toBe(false);
    expect((await writer.patch(`/v1.0/servicePrincipals/${created.id}`, { appId: "x" })).status).toBe(400);
  });

  test("appRoleAssignments of a service principal", async () => {
    const client = apiClient(emulator, partnerToken);
    const msp = servicePrincipalSchema.parse(
      (await client.get(`/v1.0/servicePrincipals(appId='${ids.mspAppId}')`)).data,
    );
    const res = await client.get(`/v1.0/servicePrincipals/${msp.id}/appRoleAssignments`);
    expect(res.status).toBe(200);
    expect((res.data as { value: unknown[] }).value).toEqual([]);
  });

  test("delegatedAdminRelationships: $top at most 300, status filter, one per customer with GDAP", async () => {
    const client = apiClient(emulator, partnerToken);
    expect(
      (await client.get("/v1.0/tenantRelationships/delegatedAdminRelationships", { params: { $top: 301 } }))
        .status,
    ).toBe(400);
    const res = await client.get("/v1.0/tenantRelationships/delegatedAdminRelationships", {
      params: { $top: 300, $filter: "status eq 'active'" },
    });
    const page = graphPageSchema(delegatedAdminRelationshipSchema).parse(res.data);
    expect(page.value.map((r) => r.customer.tenantId).sort()).toEqual(
      [customer(1), customer(2), customer(3)].sort(),
    );
  });

  test("$batch runs up to 20 requests and rejects more", async () => {
    const client = apiClient(emulator, partnerToken);
    const res = await client.post("/v1.0/$batch", {
      requests: [
        { id: "1", method: "GET", url: `/servicePrincipals(appId='${ids.rewstProdAppId}')` },
        { id: "2", method: "GET", url: `/servicePrincipals(appId='${ids.rewstCspConnectorAppId}')` },
      ],
    });
    const body = batchResponseSchema.parse(res.data);
    expect(body.responses.map((r) => batchSubResponseSchema.parse(r)).map((r) => [r.id, r.status])).toEqual([
      ["1", 200],
      ["2", 404],
    ]);
    const tooMany = await client.post("/v1.0/$batch", {
      requests: Array.from({ length: 21 }, (_, i) => ({
        id: String(i),
        method: "GET",
        url: "/servicePrincipals",
      })),
    });
    expect(tooMany.status).toBe(400);
  });
});
