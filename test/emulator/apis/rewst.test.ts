import { createClient } from "graphql-ws";
import WebSocket from "ws";

import { type RunningEmulator, startEmulator } from "../../../emulator/server";
import { DEFAULT_IDENTITIES as ids, IMMEDIATE_CONSISTENCY, generateSeed } from "../../../emulator/state/seed";
import {
  graphPageSchema,
  oauth2PermissionGrantSchema,
  servicePrincipalSchema,
} from "../../../provider/contracts/graph";
import { REWST_OPERATIONS } from "../../../provider/contracts/rewst";
import { apiClient, delegatedToken } from "../../support/emulatorClients";

// Customer 003 has no GDAP relationship.
const seed = generateSeed({ customerCount: 4, withoutGdapEvery: 3, options: IMMEDIATE_CONSISTENCY });
const tenant = (n: number) => seed.customers[n - 1].tenantId;
const org = (n: number) => seed.rewst.organizations[n - 1].id;
const COOKIE = `appSession=${ids.rewstSessionCookie}`;

interface GraphQLResult<T> {
  data: T | null;
  errors?: { message: string }[];
}

describe("Rewst GraphQL emulator", () => {
  let emulator: RunningEmulator;
  const gql = async <T>(
    query: string,
    variables: Record<string, unknown> = {},
    headers: Record<string, string> = { cookie: COOKIE },
  ) => {
    const res = await apiClient(emulator).post("/graphql", { query, variables }, { headers });
    expect(res.status).toBe(200);
    return res.data as GraphQLResult<T>;
  };
  const customerQuery = `query ($cspPackConfigId: ID!, $tenantId: String) {
    microsoftCSPCustomer(cspPackConfigId: $cspPackConfigId, where: { tenantId: $tenantId }) {
      id tenantId cspTenantId companyName hasConsent gdapRelationshipStatus linkedOrganizations { id name }
    }
  }`;
  type CustomerResult = {
    microsoftCSPCustomer: {
      id: string;
      hasConsent: boolean;
      gdapRelationshipStatus: string | null;
      linkedOrganizations: { id: string }[];
    } | null;
  };

  beforeAll(async () => {
    emulator = await startEmulator({ seed });
  });
  afterAll(() => emulator.stop());

  test("errors come in `errors` with HTTP 200; session cookie and bearer token both authenticate", async () => {
    const anonymous = await gql("{ me { id } }", {}, {});
    expect(anonymous.errors?.[0].message).toBe("Not Authorized");
    expect((await gql<{ me: { id: string } }>("{ me { id } }")).data?.me.id).toBeTruthy();
    const bearer = await gql<{ me: { id: string } }>(
      "{ me { id } }",
      {},
      { authorization: `Bearer ${ids.rewstApiToken}` },
    );
    expect(bearer.errors).toBeUndefined();
  });

  test("organizations and CSP customers of the pack config", async () => {
    const orgs = await gql<{ organizations: { id: string; managingOrgId: string }[] }>(
      `query ($id: ID) { organizations(where: { managingOrgId: $id }, limit: 2) { id managingOrgId } }`,
      { id: ids.rewstMspOrgId },
    );
    expect(orgs.data?.organizations).toHaveLength(2);
    const customers = await gql<{ microsoftCSPCustomers: { tenantId: string }[] }>(
      `query ($c: ID!) { microsoftCSPCustomers(cspPackConfigId: $c) { tenantId companyName } }`,
      { c: ids.rewstCspPackConfigId },
    );
    expect(customers.data?.microsoftCSPCustomers.map((c) => c.tenantId)).toEqual(
      seed.customers.map((c) => c.tenantId),
    );
    const foreign = await gql(`query { microsoftCSPCustomers(cspPackConfigId: "not-ours") { id } }`);
    expect(foreign.errors?.[0].message).toMatch(/Not Authorized/);
  });

  test("link and unlink organizations of a customer", async () => {
    const found = await gql<CustomerResult>(customerQuery, {
      cspPackConfigId: ids.rewstCspPackConfigId,
      tenantId: tenant(1),
    });
    const customerId = found.data!.microsoftCSPCustomer!.id;
    const linked = await gql<{ linkMicrosoftCSPCustomer: { linkedOrganizations: { id: string }[] } }>(
      `mutation ($c: ID!, $id: ID!, $orgs: [ID!]!) { linkMicrosoftCSPCustomer(cspPackConfigId: $c, customerId: $id, orgIds: $orgs) { linkedOrganizations { id } } }`,
      { c: ids.rewstCspPackConfigId, id: customerId, orgs: [org(1), org(2)] },
    );
    expect(linked.data?.linkMicrosoftCSPCustomer.linkedOrganizations.map((o) => o.id)).toEqual([
      org(1),
      org(2),
    ]);
    const unlinked = await gql(
      `mutation ($c: ID!, $id: ID!, $orgs: [ID!]!) { unlinkMicrosoftCSPCustomer(cspPackConfigId: $c, customerId: $id, orgIds: $orgs) }`,
      { c: ids.rewstCspPackConfigId, id: customerId, orgs: [org(2)] },
    );
    expect(unlinked.errors).toBeUndefined();
    const after = await gql<CustomerResult>(customerQuery, {
      cspPackConfigId: ids.rewstCspPackConfigId,
      tenantId: tenant(1),
    });
    expect(after.data?.microsoftCSPCustomer?.linkedOrganizations.map((o) => o.id)).toEqual([org(1)]);
    const byOrg = await gql<{ microsoftCSPCustomers: { tenantId: string }[] }>(
      `query ($c: ID!, $o: ID) { microsoftCSPCustomers(cspPackConfigId: $c, where: { linkedOrganizations: { id: $o } }) { tenantId } }`,
      { c: ids.rewstCspPackConfigId, o: org(1) },
    );
    expect(byOrg.data?.microsoftCSPCustomers.map((c) => c.tenantId)).toEqual([tenant(1)]);
  });

  test("the consent subscription streams progress over graphql-ws, consents where GDAP is active and fails the rest", async () => {
    const client = createClient({
      url: `${emulator.url.replace("https", "wss")}/subscriptions`,
      webSocketImpl: class extends WebSocket {
        constructor(address: string, protocols?: string | string[]) {
          super(address, protocols, { ca: emulator.ca, headers: { cookie: COOKIE } });
        }
      },
    });
    const events: Record<string, unknown>[] = [];
    try {
      await new Promise<void>((resolve, reject) => {
        client.subscribe(
          {
            query: REWST_OPERATIONS.consentRequest,
            variables: { a: "CREATE", p: ids.rewstCspPackConfigId, t: [tenant(2), tenant(3)], g: [] },
          },
          {
            next: (value) =>
              events.push(
                (value.data as { microsoftCSPConsentRequest: Record<string, unknown> })
                  .microsoftCSPConsentRequest,
              ),
            error: reject,
            complete: resolve,
          },
        );
      });
    } finally {
      await client.dispose();
    }
    expect(events.map((e) => [e.__typename, e.event, e.isFinished])).toEqual([
      ["MicrosoftCSPConsentStreamMessage", "STARTED", false],
      ["MicrosoftCSPConsentStreamMessage", "TENANT_UPDATED", false],
      ["MicrosoftCSPConsentStreamMessage", "TENANT_FAILED", false],
      ["MicrosoftCSPConsentStreamFailureResponse", "CONSENT_FAILED", true],
    ]);
    expect(events[1].updatedTenantIds).toEqual([tenant(2)]);
    expect(String((events.at(-1)!.errors as string[])[0])).toMatch(/GDAP relationship .* is not active/);

    const status = await gql<CustomerResult>(customerQuery, {
      cspPackConfigId: ids.rewstCspPackConfigId,
      tenantId: tenant(2),
    });
    expect(status.data?.microsoftCSPCustomer?.hasConsent).toBe(true);
    // The consent is real: the connector's service principal and grant exist in the customer tenant.
    const graph = apiClient(emulator, await delegatedToken(emulator, tenant(2)));
    const connector = servicePrincipalSchema.parse(
      (await graph.get(`/v1.0/servicePrincipals(appId='${ids.rewstCspConnectorAppId}')`)).data,
    );
    const grants = graphPageSchema(oauth2PermissionGrantSchema).parse(
      (
        await graph.get("/v1.0/oauth2PermissionGrants", {
          params: { $filter: `clientId eq '${connector.id}'` },
        })
      ).data,
    );
    expect(grants.value[0].scope).toBe(
      "DelegatedPermissionGrant.ReadWrite.All Directory.ReadWrite.All AppRoleAssignment.ReadWrite.All",
    );
  });

  test("a WebSocket without credentials is refused, and upgrades outside /subscriptions get 400", async () => {
    const refused = await new Promise<number>((resolve) => {
      const ws = new WebSocket(
        `${emulator.url.replace("https", "wss")}/subscriptions`,
        "graphql-transport-ws",
        { ca: emulator.ca },
      );
      ws.on("open", () => ws.send(JSON.stringify({ type: "connection_init" })));
      ws.on("close", (code) => resolve(code));
    });
    expect(refused).toBe(4403);
    const wrongPath = await new Promise<string>((resolve) => {
      const ws = new WebSocket(`${emulator.url.replace("https", "wss")}/graphql`, "graphql-transport-ws", {
        ca: emulator.ca,
      });
      ws.on("error", (error) => resolve(error.message));
    });
    expect(wrongPath).toMatch(/400/);
  });
});
