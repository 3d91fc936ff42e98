/**
 * What a refresh of one consent costs against the emulator: one Graph request (a JSON batch)
 * besides the token, whatever it finds — and the same answer as separate reads would give when the
 * principal was re-created, a namesake appeared or Graph throttled one request of the batch.
 */
import { type RunningEmulator, startEmulator } from "../../../../emulator/server";
import {
  DEFAULT_IDENTITIES as ids,
  IMMEDIATE_CONSISTENCY,
  generateSeed,
} from "../../../../emulator/state/seed";
import { REWST_DEFAULT_APP_IDS } from "../../../../provider/appIds";
import { WELL_KNOWN_APP_IDS } from "../../../../provider/contracts/identity";
import { cpvConsentImplementation } from "../../../../provider/resources/cpvConsent/implementation";
import { providerSession } from "../../../../provider/session/session";
import { emulatorSettings } from "../../../support/emulatorConfig";

const GRAPH = WELL_KNOWN_APP_IDS.microsoftGraph;
const seed = generateSeed({ customerCount: 5, options: IMMEDIATE_CONSISTENCY });
let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ seed });
});
afterAll(() => emulator.stop());

const inputs = (
  tenant: number,
  app: { id: string; name: string } = { id: ids.rewstCspConnectorAppId, name: "Rewst CSP Connector" },
) => ({
  customerTenantId: seed.customers[tenant - 1].tenantId,
  applicationId: app.id,
  displayName: app.name,
  grants: [{ enterpriseApplicationId: GRAPH, scopes: ["Directory.Read.All"] }],
  via: "partnerCenter",
});

/** Consents in a tenant, then returns what a refresh reads and which Graph routes it called. */
async function consentThenRead(
  tenant: number,
  between: () => void = () => undefined,
  app?: Parameters<typeof inputs>[1],
) {
  const session = providerSession(emulatorSettings(emulator));
  const created = await cpvConsentImplementation.create(inputs(tenant, app), session);
  const outs = created.outs as Record<string, unknown>;
  between();
  emulator.control.requestLog.length = 0;
  const read = await cpvConsentImplementation.read(created.id, outs, session);
  const graphRoutes = emulator.control.requestLog
    .filter(
      (r) => r.route.startsWith("graph.") && !r.route.includes("delegatedAdmin") && !r.route.includes("me."),
    )
    .map((r) => `${r.route} ${r.status}`);
  await cpvConsentImplementation.delete(created.id, outs, session);
  return { created: outs, read: read.props as Record<string, unknown>, graphRoutes };
}

test("a consent in place is read in one Graph batch: principal, grants, resource principal and namesakes", async () => {
  const { created, read, graphRoutes } = await consentThenRead(1);
  expect(graphRoutes).toEqual(["graph.batch 200"]);
  expect(read).toMatchObject({
    status: "active",
    servicePrincipalObjectId: created.servicePrincipalObjectId,
    grantedScopes: { [GRAPH]: ["Directory.Read.All"] },
    staleServicePrincipals: [],
  });
});

test("a leftover principal of the same name is reported from the same batch", async () => {
  const leftover = "5b6bd0ab-97b6-4b7d-9f4e-3f2ad2d0f0a1";
  const { read, graphRoutes } = await consentThenRead(2, () =>
    emulator.control.drift({
      kind: "addServicePrincipal",
      tenantId: seed.customers[1].tenantId,
      appId: leftover,
      displayName: "Rewst CSP Connector",
    }),
  );
  expect(graphRoutes).toEqual(["graph.batch 200"]);
  expect(read.staleServicePrincipals).toEqual([expect.objectContaining({ appId: leftover })]);
});

test("next to the current bundle app, an earlier generation's principal is a leftover, read in the same batch", async () => {
  const bundle = { id: REWST_DEFAULT_APP_IDS.msCloudConnector, name: "Rewst MS Cloud Connector" };
  const { read, graphRoutes } = await consentThenRead(
    2,
    () =>
      emulator.control.drift({
        kind: "addServicePrincipal",
        tenantId: seed.customers[1].tenantId,
        appId: ids.rewstCspConnectorAppId,
        displayName: "Rewst CSP Connector",
      }),
    bundle,
  );
  expect(graphRoutes).toEqual(["graph.batch 200"]);
  expect(read.staleServicePrincipals).toEqual([
    expect.objectContaining({ appId: ids.rewstCspConnectorAppId, displayName: "Rewst CSP Connector" }),
  ]);
});

test("a principal re-created since the last refresh costs one more read, and its new grants are seen", async () => {
  const { created, read, graphRoutes } = await consentThenRead(3, () =>
    emulator.control.drift({
      kind: "recreateServicePrincipal",
      tenantId: seed.customers[2].tenantId,
      appId: ids.rewstCspConnectorAppId,
    }),
  );
  expect(graphRoutes).toEqual(["graph.batch 200", "graph.batch 200"]);
  expect(read.servicePrincipalObjectId).not.toBe(created.servicePrincipalObjectId);
  expect(read).toMatchObject({ status: "active", grantedScopes: { [GRAPH]: ["Directory.Read.All"] } });
});

test("a request of the batch that Graph throttled is sent again alone, after its Retry-After", async () => {
  const { read, graphRoutes } = await consentThenRead(4, () =>
    emulator.control.setFaults([
      {
        route: "^graph\\.oauth2PermissionGrants\\.list$",
        kind: "status",
        status: 429,
        retryAfterSeconds: 0,
        times: 1,
        probability: 1,
      },
    ]),
  );
  expect(emulator.control.faults[0].hits).toBe(1);
  expect(graphRoutes).toEqual(["graph.batch 200", "graph.oauth2PermissionGrants.list 200"]);
  expect(read).toMatchObject({ status: "active", grantedScopes: { [GRAPH]: ["Directory.Read.All"] } });
});

test("check() after a refresh validates scopes and resource presence with no Graph request; an unread tenant costs one read", async () => {
  const session = providerSession(emulatorSettings(emulator));
  const created = await cpvConsentImplementation.create(inputs(1), session);
  await cpvConsentImplementation.read(created.id, created.outs as Record<string, unknown>, session);
  const graphCalls = () =>
    emulator.control.requestLog.filter(
      (r) => r.route.startsWith("graph.") && !r.route.includes("delegatedAdmin") && !r.route.includes("me."),
    );
  emulator.control.requestLog.length = 0;
  const misspelled = {
    ...inputs(1),
    grants: [{ enterpriseApplicationId: GRAPH, scopes: ["Directroy.Read.All"] }],
  };
  const checked = await cpvConsentImplementation.check({}, misspelled, session);
  expect(checked.failures?.map((f) => f.property)).toEqual(["grants[0].scopes[0]"]);
  expect(checked.failures?.[0].reason).toMatch(
    /^Microsoft Graph \(00000003-.*\) publishes no delegated permission Directroy\.Read\.All in tenant /,
  );
  expect(graphCalls()).toEqual([]);

  // A tenant no refresh has read yet: its resource presence costs one read (a batch of one is sent alone).
  emulator.control.requestLog.length = 0;
  const elsewhere = { ...misspelled, customerTenantId: seed.customers[4].tenantId };
  expect((await cpvConsentImplementation.check({}, elsewhere, session)).failures).toHaveLength(1);
  expect(graphCalls().map((r) => r.route)).toEqual(["graph.servicePrincipals.byAppId"]);
  await cpvConsentImplementation.delete(created.id, created.outs as Record<string, unknown>, session);
});
