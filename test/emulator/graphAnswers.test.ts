/**
 * Answers Microsoft Graph documents (or first-hand reports show) and the emulator must give as Graph
 * does: a grant's scope capped at 3,850 characters on writes, a duplicate app role assignment
 * refused with 400 Request_BadRequest, and GDAP roles judged per action from the one table.
 */
import { type RunningEmulator, startEmulator } from "../../emulator/server";
import { DEFAULT_IDENTITIES as ids, IMMEDIATE_CONSISTENCY, generateSeed } from "../../emulator/state/seed";
import { DIRECTORY_ROLES } from "../../provider/contracts/graph";
import { AUDIENCES, WELL_KNOWN_APP_IDS } from "../../provider/contracts/identity";
import { apiClient, delegatedToken } from "../support/emulatorClients";

const GRAPH = WELL_KNOWN_APP_IDS.microsoftGraph;
const CONNECTOR = ids.rewstCspConnectorAppId;
const R = DIRECTORY_ROLES;

/** A scope string of exactly `length` characters (Graph does not judge the names on this limit). */
const scopeOf = (length: number): string => {
  const words: string[] = [];
  while (words.join(" ").length + 19 < length) words.push("Directory.Read.All");
  const rest = length - words.join(" ").length - (words.length ? 1 : 0);
  return [...words, "X".repeat(rest)].join(" ");
};

describe("Graph's documented answers", () => {
  const seed = generateSeed({
    customerCount: 3,
    options: IMMEDIATE_CONSISTENCY,
    customers: {
      2: { gdapRoles: [R.privilegedRoleAdministrator.id] },
      3: { gdapRoles: [R.applicationDeveloper.id, R.directoryReaders.id] },
    },
  });
  const tenant = (n: number) => seed.customers[n - 1].tenantId;
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ seed });
  });
  afterAll(() => emulator.stop());

  const consent = async (n: number) => {
    const pc = apiClient(
      emulator,
      await delegatedToken(emulator, ids.partnerTenantId, AUDIENCES.partnerCenter),
    );
    return pc.post(`/v1/customers/${tenant(n)}/applicationconsents`, {
      applicationId: CONNECTOR,
      displayName: "Rewst CSP Connector",
      applicationGrants: [{ enterpriseApplicationId: GRAPH, scope: "Directory.Read.All" }],
    });
  };
  const principals = async (graph: ReturnType<typeof apiClient>) => {
    const byAppId = async (appId: string) =>
      ((await graph.get(`/v1.0/servicePrincipals(appId='${appId}')`)).data as { id: string }).id;
    return { client: await byAppId(CONNECTOR), graph: await byAppId(GRAPH) };
  };

  test("grant POST and PATCH: 3,850 characters of scope are accepted, 3,851 refused with 400", async () => {
    expect((await consent(1)).status).toBe(201);
    const graph = apiClient(emulator, await delegatedToken(emulator, tenant(1)));
    const sp = await principals(graph);
    expect(scopeOf(3850)).toHaveLength(3850);
    const post = (scope: string) =>
      graph.post("/v1.0/oauth2PermissionGrants", {
        clientId: sp.client,
        consentType: "Principal",
        principalId: ids.partnerUserId,
        resourceId: sp.graph,
        scope,
      });
    const tooLong = await post(scopeOf(3851));
    expect([tooLong.status, (tooLong.data as { error: { code: string } }).error.code]).toEqual([
      400,
      "Request_BadRequest",
    ]);
    const created = await post(scopeOf(3850));
    expect(created.status).toBe(201);
    const id = (created.data as { id: string }).id;
    expect((await graph.patch(`/v1.0/oauth2PermissionGrants/${id}`, { scope: scopeOf(3851) })).status).toBe(
      400,
    );
    expect((await graph.patch(`/v1.0/oauth2PermissionGrants/${id}`, { scope: scopeOf(3850) })).status).toBe(
      204,
    );
  });

  test("a Privileged-Role-Administrator-only relationship consents and assigns Graph app roles; a duplicate assignment is 400 with Graph's wording", async () => {
    expect((await consent(2)).status).toBe(201);
    const graph = apiClient(emulator, await delegatedToken(emulator, tenant(2)));
    const sp = await principals(graph);
    const assign = () =>
      graph.post(`/v1.0/servicePrincipals/${sp.client}/appRoleAssignments`, {
        principalId: sp.client,
        resourceId: sp.graph,
        appRoleId: "7ab1d382-f21e-4acd-a863-ba3e13f7da61", // Directory.Read.All
      });
    expect((await assign()).status).toBe(201);
    const again = await assign();
    const error = (again.data as { error: { code: string; message: string } }).error;
    expect([again.status, error.code, error.message]).toEqual([
      400,
      "Request_BadRequest",
      "Permission being assigned already exists on the object.",
    ]);
  });

  test("an Application-Developer-only relationship cannot consent; the refusal names the roles that would", async () => {
    const refused = await consent(3);
    expect(refused.status).toBe(403);
    expect((refused.data as { description: string }).description).toMatch(
      /needs Global Administrator, Privileged Role Administrator or Cloud Application Administrator/,
    );
  });
});
