/**
 * The GDAP role table and the emulator agree: for every action of `GDAP_ACTIONS`, the emulator's
 * route for it lets a partner user holding exactly one role through GDAP act if and only if the
 * table lists that role (a refusal is 403; anything else, 2xx or a 4xx about the request, got past
 * the role check).
 */
import { type RunningEmulator, startEmulator } from "../../emulator/server";
import { EXCHANGE_ONLINE_APP_ID, resourceApp } from "../../emulator/state/catalog";
import { DEFAULT_IDENTITIES as ids, IMMEDIATE_CONSISTENCY, generateSeed } from "../../emulator/state/seed";
import { DIRECTORY_ROLES } from "../../provider/contracts/graph";
import { AUDIENCES, WELL_KNOWN_APP_IDS } from "../../provider/contracts/identity";
import { GDAP_ACTIONS, type GdapAction } from "../../provider/domain/gdapRoles";
import { apiClient, delegatedToken } from "../support/emulatorClients";

const GRAPH = WELL_KNOWN_APP_IDS.microsoftGraph;
const ROLES = Object.values(DIRECTORY_ROLES);

describe("GDAP_ACTIONS against the emulator's routes", () => {
  // Customer n holds exactly ROLES[n - 1] through GDAP.
  const seed = generateSeed({
    customerCount: ROLES.length,
    options: IMMEDIATE_CONSISTENCY,
    customers: Object.fromEntries(ROLES.map((role, i) => [i + 1, { gdapRoles: [role.id] }])),
  });
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ seed });
  });
  afterAll(() => emulator.stop());

  const spOf = (tenantId: string, appId: string) =>
    emulator.control
      .exportState()
      .servicePrincipals.find((p) => p.tenantId === tenantId && p.appId === appId)!.id;

  /** The MSP app's principal is assigned the first app role a resource publishes; the HTTP status. */
  const assignFirstRoleOf = async (tenantId: string, resourceAppId: string) => {
    const graph = apiClient(emulator, await delegatedToken(emulator, tenantId));
    const msp = spOf(tenantId, ids.mspAppId);
    const res = await graph.post(`/v1.0/servicePrincipals/${msp}/appRoleAssignments`, {
      principalId: msp,
      resourceId: spOf(tenantId, resourceAppId),
      appRoleId: resourceApp(resourceAppId)!.appRoles[0].id,
    });
    return res.status;
  };

  /** One call of the action's route in a tenant, as the partner user; its HTTP status. */
  const call: Record<GdapAction, (tenantId: string) => Promise<number>> = {
    cpvConsent: async (tenantId) => {
      const pc = apiClient(
        emulator,
        await delegatedToken(emulator, ids.partnerTenantId, AUDIENCES.partnerCenter),
      );
      const res = await pc.post(`/v1/customers/${tenantId}/applicationconsents`, {
        applicationId: ids.rewstCspConnectorAppId,
        displayName: "Rewst CSP Connector",
        applicationGrants: [{ enterpriseApplicationId: GRAPH, scope: "User.Read" }],
      });
      return res.status;
    },
    cpvConsentRemoval: async (tenantId) => {
      const pc = apiClient(
        emulator,
        await delegatedToken(emulator, ids.partnerTenantId, AUDIENCES.partnerCenter),
      );
      return (await pc.delete(`/v1/customers/${tenantId}/applicationconsents/${ids.rewstProdAppId}`)).status;
    },
    delegatedGrantWrite: async (tenantId) => {
      const graph = apiClient(emulator, await delegatedToken(emulator, tenantId));
      const res = await graph.post("/v1.0/oauth2PermissionGrants", {
        clientId: spOf(tenantId, ids.mspAppId),
        consentType: "AllPrincipals",
        resourceId: spOf(tenantId, GRAPH),
        scope: "User.Read",
      });
      return res.status;
    },
    appRoleAssignment: (tenantId) => assignFirstRoleOf(tenantId, EXCHANGE_ONLINE_APP_ID),
    graphAppRoleAssignment: (tenantId) => assignFirstRoleOf(tenantId, GRAPH),
    servicePrincipalCreate: async (tenantId) => {
      const graph = apiClient(emulator, await delegatedToken(emulator, tenantId));
      return (await graph.post("/v1.0/servicePrincipals", { appId: ids.rewstProdAppId })).status;
    },
    servicePrincipalWrite: async (tenantId) => {
      const graph = apiClient(emulator, await delegatedToken(emulator, tenantId));
      const msp = spOf(tenantId, ids.mspAppId);
      return (await graph.patch(`/v1.0/servicePrincipals/${msp}`, { accountEnabled: true })).status;
    },
    directoryRead: async (tenantId) => {
      const graph = apiClient(emulator, await delegatedToken(emulator, tenantId));
      return (await graph.get("/v1.0/servicePrincipals")).status;
    },
  };

  test.each(Object.keys(GDAP_ACTIONS) as GdapAction[])(
    "%s: exactly the table's roles get past the emulator's role check",
    async (action) => {
      const allowed: string[] = [];
      for (const [i, role] of ROLES.entries()) {
        const status = await call[action](seed.customers[i].tenantId);
        if (status !== 403) allowed.push(role.name);
      }
      expect(allowed.sort()).toEqual(GDAP_ACTIONS[action].roles.map((r) => r.name).sort());
    },
  );
});
