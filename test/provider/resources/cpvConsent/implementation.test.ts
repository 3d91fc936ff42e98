import { type RunningEmulator, startEmulator } from "../../../../emulator/server";
import {
  DEFAULT_IDENTITIES as ids,
  IMMEDIATE_CONSISTENCY,
  generateSeed,
} from "../../../../emulator/state/seed";
import { DIRECTORY_ROLES } from "../../../../provider/contracts/graph";
import { WELL_KNOWN_APP_IDS } from "../../../../provider/contracts/identity";
import { ProviderError } from "../../../../provider/errors";
import { fetchPartnerCenterCustomers, fetchServicePrincipalsByAppId } from "../../../../provider/functions";
import {
  cpvConsentImplementation,
  diffCpvConsent,
} from "../../../../provider/resources/cpvConsent/implementation";
import {
  cpvConsentInputsSchema,
  upgradeStoredConsent,
} from "../../../../provider/resources/cpvConsent/schema";
import { emulatorSettings } from "../../../support/emulatorConfig";
import { providerSession } from "../../../../provider/session/session";

const GRAPH = WELL_KNOWN_APP_IDS.microsoftGraph;
const grants = (scopes: string[]) => [{ enterpriseApplicationId: GRAPH, scopes }];

describe("diffCpvConsent", () => {
  const olds = {
    customerTenantId: "6f9c0d2e-1b2a-4c3d-8e9f-0a1b2c3d4e5f",
    applicationId: "9359814a-7403-4af9-9113-d5c8cab020ed",
    displayName: "Rewst CSP Connector",
    via: "partnerCenter",
    grants: grants(["User.Read", "Directory.Read.All"]),
  };
  // State as a refresh leaves it: what the tenant shows in `grants`, the declaration beside it.
  const stored = (props: Record<string, unknown>) =>
    upgradeStoredConsent({ servicePrincipalObjectId: "sp-1", status: "active", ...props });
  const diff = (props: Record<string, unknown>, news: Record<string, unknown>, drift?: "repair" | "report") =>
    diffCpvConsent(stored(props), news, drift);

  test("same grants in another order and case: no change", () => {
    expect(diff(olds, { ...olds, grants: grants(["directory.read.all", "User.Read"]) })).toEqual({
      changes: false,
      replaces: [],
      // also when nothing changed: `pulumi up --replace` must not create a second consent first
      deleteBeforeReplace: true,
    });
  });

  test("app roles the tenant shows count only where the declaration manages them (lists appRoles)", () => {
    // Refreshed: the tenant shows an app role Rewst assigned beside the declared scopes.
    const observed = [{ ...olds.grants[0], appRoles: ["Directory.Read.All"] }];
    const managed = (appRoles: string[]) => [{ ...olds.grants[0], appRoles }];
    expect(diff({ ...olds, grants: observed, declaredGrants: olds.grants }, olds).changes).toBe(false);
    const declared = managed(["directory.read.all"]);
    const same = { ...olds, grants: declared };
    expect(diff({ ...olds, grants: observed, declaredGrants: declared }, same).changes).toBe(false);
    // Declared none, the tenant shows one: drift that repair removes.
    const none = { ...olds, grants: managed([]) };
    expect(diff({ ...olds, grants: observed, declaredGrants: managed([]) }, none).changes).toBe(true);
    expect(diff({ ...olds, grants: observed, declaredGrants: managed([]) }, none, "report").changes).toBe(
      false,
    );
    // A declaration that starts managing roles is a change of the declaration.
    expect(diff({ ...olds, grants: observed, declaredGrants: olds.grants }, same).changes).toBe(true);
  });

  test("a scope change is an in-place update, never a revocation", () => {
    expect(diff(olds, { ...olds, grants: grants(["User.Read"]) })).toEqual({
      changes: true,
      replaces: [],
      deleteBeforeReplace: true,
    });
  });

  test("a new tenant or app is a replacement; a new channel or name is recorded in place", () => {
    expect(diff(olds, { ...olds, via: "rewst" })).toMatchObject({ changes: true, replaces: [] });
    expect(diff(olds, { ...olds, via: undefined }).changes).toBe(false);
    expect(diff(olds, { ...olds, displayName: "Renamed" })).toMatchObject({ changes: true, replaces: [] });
    expect(diff(olds, { ...olds, customerTenantId: "u" }).replaces).toEqual(["customerTenantId"]);
    expect(diff(olds, { ...olds, applicationId: "a" }).replaces).toEqual(["applicationId"]);
  });

  test("ids differing only in case are the same consent; check() stores them in lower case", () => {
    const upper = {
      ...olds,
      customerTenantId: String(olds.customerTenantId).toUpperCase(),
      applicationId: String(olds.applicationId).toUpperCase(),
    };
    expect(diff(upper, olds).changes).toBe(false);
    expect(diff(olds, upper).changes).toBe(false);
    const parsed = cpvConsentInputsSchema.parse({
      ...upper,
      displayName: "x",
      grants: grants(["User.Read"]),
    });
    expect([parsed.customerTenantId, parsed.applicationId]).toEqual([
      String(olds.customerTenantId).toLowerCase(),
      String(olds.applicationId).toLowerCase(),
    ]);
  });

  test("a missing service principal is a replacement unless drift is only reported", () => {
    const missing = { ...olds, status: "missing", servicePrincipalObjectId: "", declaredGrants: olds.grants };
    expect(diff(missing, olds)).toEqual({
      changes: true,
      replaces: ["servicePrincipalObjectId"],
      deleteBeforeReplace: true,
    });
    expect(diff(missing, olds, "report").changes).toBe(false);
    expect(diff({ ...olds, status: "pending", servicePrincipalObjectId: "" }, olds).changes).toBe(false);
  });

  test("scopes edited in the tenant: repair plans an update, report only acts on a new declaration", () => {
    const drifted = { ...olds, grants: grants(["Mail.Send"]), declaredGrants: olds.grants };
    expect(diff(drifted, olds)).toMatchObject({ changes: true, replaces: [] });
    expect(diff(drifted, olds, "report").changes).toBe(false);
    expect(diff(drifted, { ...olds, grants: grants(["User.Read"]) }, "report")).toMatchObject({
      changes: true,
      replaces: [],
    });
  });
});

// Integration with the emulator: the implementation as the provider runs it, without the engine.
describe("CpvConsent against the emulator", () => {
  const seed = generateSeed({ customerCount: 3, withoutGdapEvery: 3 });
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ seed });
  });
  afterAll(() => emulator.stop());

  const inputs = (tenant: number) => ({
    customerTenantId: seed.customers[tenant - 1].tenantId,
    applicationId: ids.rewstCspConnectorAppId,
    displayName: "Rewst CSP Connector",
    grants: grants(["Directory.Read.All"]),
    via: "partnerCenter",
  });

  test("create grants and observes the consent; read returns observed grants; delete removes it", async () => {
    const session = providerSession(emulatorSettings(emulator));
    const created = await cpvConsentImplementation.create(inputs(1), session);
    expect(created.outs).toMatchObject({
      status: "active",
      gdapStatus: "active",
      grantedScopes: { [GRAPH]: ["Directory.Read.All"] },
    });
    expect((created.outs as Record<string, unknown>).correlationId).toMatch(/^[0-9a-f-]{36}$/);

    emulator.control.drift({
      kind: "editGrantScopes",
      tenantId: seed.customers[0].tenantId,
      clientAppId: ids.rewstCspConnectorAppId,
      resourceAppId: GRAPH,
      scope: "User.Read",
    });
    const read = await cpvConsentImplementation.read(
      created.id,
      created.outs as Record<string, unknown>,
      session,
    );
    expect(read.inputs).toMatchObject({ grants: grants(["User.Read"]) });

    // The principal is kept here so the revoked grants can be read back; offboarding deletes it.
    const kept = { ...(created.outs as Record<string, unknown>), keepServicePrincipal: true };
    await cpvConsentImplementation.delete(created.id, kept, session);
    // A revoked consent is still read back for a moment (replication), then gone.
    const lingering = await cpvConsentImplementation.read(
      created.id,
      created.outs as Record<string, unknown>,
      session,
    );
    expect((lingering.props as Record<string, unknown>).grantedScopes).toEqual({ [GRAPH]: ["User.Read"] });
    await new Promise((resolve) =>
      setTimeout(resolve, 1_100 /* the default revocationLingerMs and a margin */),
    );
    const gone = await cpvConsentImplementation.read(
      created.id,
      created.outs as Record<string, unknown>,
      session,
    );
    expect((gone.props as Record<string, unknown> | undefined)?.grantedScopes).toEqual({});
    // A fixed 1.1 s wait inside: the default 5 s leaves too little room on a loaded 2-core machine.
  }, 15_000);

  test("a principal deleted after consent is read as missing with the declared grants, not as gone", async () => {
    const session = providerSession(emulatorSettings(emulator));
    const created = await cpvConsentImplementation.create(inputs(1), session);
    const outs = created.outs as Record<string, unknown>;
    emulator.control.drift({
      kind: "deleteServicePrincipal",
      tenantId: seed.customers[0].tenantId,
      appId: ids.rewstCspConnectorAppId,
    });
    const read = await cpvConsentImplementation.read(created.id, outs, session);
    expect(read.id).toBe(created.id);
    expect(read.props).toMatchObject({
      status: "missing",
      servicePrincipalObjectId: "",
      originalServicePrincipalObjectId: outs.servicePrincipalObjectId,
      grantedScopes: {},
    });
    expect(read.inputs).toMatchObject({ grants: grants(["Directory.Read.All"]) });
    // Never seen yet: still propagating, not missing.
    const pending = await cpvConsentImplementation.read(created.id, { ...outs, status: "pending" }, session);
    expect(pending.props).toMatchObject({ status: "pending" });
    await cpvConsentImplementation.delete(created.id, outs, session);
  });

  test("import by <tenant>/<app>: the tenant's name and grants become the declaration; nothing is recorded as created", async () => {
    const session = providerSession(emulatorSettings(emulator));
    const created = await cpvConsentImplementation.create(inputs(1), session);
    // An import sends the id alone.
    const imported = await cpvConsentImplementation.read(created.id, {}, session);
    expect(imported.id).toBe(created.id);
    expect(imported.inputs).toMatchObject({
      customerTenantId: seed.customers[0].tenantId,
      applicationId: ids.rewstCspConnectorAppId,
      displayName: "Rewst CSP Connector",
      via: "partnerCenter",
      grants: grants(["Directory.Read.All"]),
    });
    // The engine checks what an import read as the declaration.
    const checked = await cpvConsentImplementation.check(
      {},
      (imported.inputs ?? {}) as Record<string, unknown>,
      session,
    );
    expect(checked.failures).toBeUndefined();
    expect(imported.props).toMatchObject({
      status: "active",
      createdServicePrincipalObjectId: "",
      servicePrincipalObjectId: (created.outs as Record<string, unknown>).servicePrincipalObjectId,
    });
    await expect(
      cpvConsentImplementation.read(
        `${seed.customers[1].tenantId}/${ids.rewstCspConnectorAppId}`,
        {},
        session,
      ),
    ).rejects.toMatchObject({ code: "IMPORT_NOT_FOUND" });
    for (const id of ["nope", `${seed.customers[0].tenantId}`, `${created.id}/extra`])
      await expect(cpvConsentImplementation.read(id, {}, session)).rejects.toMatchObject({
        code: "IMPORT_ID_INVALID",
      });
    await cpvConsentImplementation.delete(created.id, created.outs as Record<string, unknown>, session);
  });

  test("check annotates the planned consent with the customer's GDAP status; create ignores it", async () => {
    const session = providerSession(emulatorSettings(emulator));
    const withGdap = await cpvConsentImplementation.check({}, inputs(1), session);
    expect(withGdap.failures).toBeUndefined();
    expect(withGdap.inputs).toMatchObject({ gdapStatus: "active" });
    const withoutGdap = await cpvConsentImplementation.check({}, inputs(3), session);
    expect(withoutGdap.inputs).toMatchObject({ gdapStatus: null });
    const bad = await cpvConsentImplementation.check({}, { ...inputs(1), grants: [] }, session);
    expect(bad.failures?.map((f) => f.property)).toEqual(["grants"]);
    expect(bad.inputs).not.toHaveProperty("gdapStatus");

    const created = await cpvConsentImplementation.create(
      withGdap.inputs as Record<string, unknown>,
      session,
    );
    expect(created.outs).toMatchObject({ status: "active", gdapStatus: "active" });
    await cpvConsentImplementation.delete(created.id, created.outs as Record<string, unknown>, session);
  });

  test("read says it cannot observe a tenant without GDAP, instead of reporting the consent gone", async () => {
    const session = providerSession(emulatorSettings(emulator));
    const error = await cpvConsentImplementation
      .read("x", { ...inputs(3), correlationId: "c" }, session)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).code).toBe("CANNOT_OBSERVE_TENANT");
    expect((error as Error).message).toMatch(
      new RegExp(`cannot observe tenant ${seed.customers[2].tenantId} because .*AADSTS50020.*GDAP`),
    );
  });

  test("a consent that exists with other scopes is adopted and aligned in place, not duplicated", async () => {
    const session = providerSession(emulatorSettings(emulator));
    await cpvConsentImplementation.create({ ...inputs(2), grants: grants(["User.Read"]) }, session);
    emulator.control.requestLog.length = 0;
    const adopted = await cpvConsentImplementation.create(inputs(2), session);
    expect(adopted.outs).toMatchObject({
      status: "active",
      grantedScopes: { [GRAPH]: ["Directory.Read.All"] },
    });
    const writes = emulator.control.requestLog.filter((r) => r.write).map((r) => r.route);
    expect(writes).toEqual(["graph.oauth2PermissionGrants.update"]);
    expect(
      emulator.control
        .exportState()
        .consents.filter(
          (c) =>
            c.customerTenantId === seed.customers[1].tenantId &&
            c.applicationId === ids.rewstCspConnectorAppId,
        ),
    ).toHaveLength(1);
    await cpvConsentImplementation.delete(adopted.id, adopted.outs as Record<string, unknown>, session);
  }, 15_000);

  test("an emptied grant is repaired in place: the principal and its grant are never removed", async () => {
    const session = providerSession(emulatorSettings(emulator));
    const created = await cpvConsentImplementation.create(inputs(1), session);
    const spBefore = (created.outs as Record<string, unknown>).servicePrincipalObjectId;
    emulator.control.drift({
      kind: "editGrantScopes",
      tenantId: seed.customers[0].tenantId,
      clientAppId: ids.rewstCspConnectorAppId,
      resourceAppId: GRAPH,
      scope: "",
    });
    const refreshed = await cpvConsentImplementation.read(
      created.id,
      created.outs as Record<string, unknown>,
      session,
    );
    const olds = refreshed.props as Record<string, unknown>;
    const news = inputs(1);
    const plan = await cpvConsentImplementation.diff(created.id, olds, news, session);
    expect(plan).toMatchObject({ changes: true, replaces: [] });
    emulator.control.requestLog.length = 0;
    const updated = await cpvConsentImplementation.update(created.id, olds, news, session);
    expect(updated.outs).toMatchObject({
      status: "active",
      servicePrincipalObjectId: spBefore,
      grantedScopes: { [GRAPH]: ["Directory.Read.All"] },
    });
    const writes = emulator.control.requestLog.filter((r) => r.write).map((r) => r.route);
    expect(writes).toEqual(["graph.oauth2PermissionGrants.update"]);
    await cpvConsentImplementation.delete(created.id, updated.outs as Record<string, unknown>, session);
  }, 15_000);

  test("a grant deleted by hand is granted again through Graph, without a new consent", async () => {
    const session = providerSession(emulatorSettings(emulator));
    const created = await cpvConsentImplementation.create(inputs(1), session);
    emulator.control.drift({
      kind: "deleteGrants",
      tenantId: seed.customers[0].tenantId,
      clientAppId: ids.rewstCspConnectorAppId,
    });
    // As `up --refresh` runs it: the refresh shows the grant gone, so the update repairs it.
    const refreshed = await cpvConsentImplementation.read(
      created.id,
      created.outs as Record<string, unknown>,
      session,
    );
    emulator.control.requestLog.length = 0;
    const updated = await cpvConsentImplementation.update(
      created.id,
      refreshed.props as Record<string, unknown>,
      inputs(1),
      session,
    );
    expect(updated.outs).toMatchObject({
      status: "active",
      grantedScopes: { [GRAPH]: ["Directory.Read.All"] },
    });
    const writes = emulator.control.requestLog.filter((r) => r.write).map((r) => r.route);
    expect(writes).toEqual(["graph.oauth2PermissionGrants.create"]);
    await cpvConsentImplementation.delete(created.id, updated.outs as Record<string, unknown>, session);
  }, 15_000);

  test("a consent made while the GDAP listing fails is kept in state, its GDAP status unknown", async () => {
    // Own settings, so no GDAP listing cached by earlier tests answers for this one.
    const session = providerSession(emulatorSettings(emulator, { "rewst-csp:maxRetries": "1" }));
    emulator.control.setFaults([
      { route: "^graph\\.delegatedAdminRelationships$", kind: "status", status: 500, probability: 1 },
    ]);
    try {
      const created = await cpvConsentImplementation.create(inputs(1), session);
      expect(created.outs).toMatchObject({ status: "active", gdapStatus: null });
      await cpvConsentImplementation.delete(created.id, created.outs as Record<string, unknown>, session);
    } finally {
      emulator.control.setFaults([]);
    }
  }, 15_000);

  test("secrets never appear in errors", async () => {
    const session = providerSession(
      emulatorSettings(emulator, { "rewst-csp:partnerAppSecret": "wrong-secret-value" }),
    );
    const error = await cpvConsentImplementation.create(inputs(1), session).catch((e: unknown) => e);
    expect((error as ProviderError).code).toBe("AUTH_INVALID_CLIENT");
    expect((error as Error).message).not.toContain("wrong-secret-value");
    expect((error as Error).message).not.toContain(ids.partnerRefreshToken);
  });

  test("functions for programs list customers (all pages) and service principals by app id", async () => {
    const lookup = emulatorSettings(emulator);
    expect((await fetchPartnerCenterCustomers(lookup)).map((c) => c.id)).toEqual(
      seed.customers.map((c) => c.tenantId),
    );
    expect(
      (await fetchServicePrincipalsByAppId(lookup, ids.partnerTenantId, ids.rewstProdAppId)).map(
        (sp) => sp.displayName,
      ),
    ).toEqual(["Rewst Prod"]);
    expect(
      await fetchServicePrincipalsByAppId(lookup, seed.customers[0].tenantId, ids.rewstProdAppId),
    ).toEqual([]);
  });
});

describe("Partner Center retries", () => {
  test("a retried consent call repeats its MS-RequestId and succeeds once", async () => {
    const seed = generateSeed({ customerCount: 1 });
    const emulator = await startEmulator({ seed });
    try {
      emulator.control.setFaults([
        {
          route: "^partnerCenter\\.applicationConsents\\.create$",
          kind: "status",
          status: 503,
          probability: 1,
          times: 2,
        },
      ]);
      const created = await cpvConsentImplementation.create(
        {
          customerTenantId: seed.customers[0].tenantId,
          applicationId: ids.rewstCspConnectorAppId,
          displayName: "Rewst CSP Connector",
          grants: grants(["Directory.Read.All"]),
        },
        providerSession(emulatorSettings(emulator)),
      );
      expect((created.outs as Record<string, unknown>).status).toBe("active");
      const attempts = emulator.control.requestLog.filter(
        (e) => e.route === "partnerCenter.applicationConsents.create",
      );
      expect(attempts.map((e) => e.status)).toEqual([503, 503, 201]);
      expect(new Set(attempts.map((e) => e.requestId)).size).toBe(1);
      expect(attempts[0].requestId).toMatch(/^[0-9a-f-]{36}$/);
    } finally {
      await emulator.stop();
    }
  }, 15_000); // two back-offs, then the consent replicates
});

describe("check() and GDAP roles", () => {
  const seed = generateSeed({
    customerCount: 3,
    withoutGdapEvery: 3,
    customers: { 2: { gdapRoles: [DIRECTORY_ROLES.directoryReaders.id] } },
  });
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ seed });
  });
  afterAll(() => emulator.stop());
  const news = (n: number) => ({
    customerTenantId: seed.customers[n - 1].tenantId.toUpperCase(),
    applicationId: ids.rewstCspConnectorAppId,
    displayName: "Rewst CSP Connector",
    grants: grants(["Directory.Read.All"]),
  });

  test("an active relationship without a consent-capable role fails check, naming the role it needs", async () => {
    const session = providerSession(emulatorSettings(emulator));
    const checked = await cpvConsentImplementation.check({}, news(2), session);
    expect(checked.failures).toEqual([
      {
        property: "customerTenantId",
        reason: expect.stringMatching(
          /^GDAP with tenant [0-9a-f-]{36} gives the partner user no role that can grant a CPV application consent \(Partner Center applicationconsents\): needs Global Administrator, Privileged Role Administrator or Cloud Application Administrator \(holds Directory Readers; https:\/\/learn\.microsoft\.com\/partner-center\//,
        ) as string,
      },
    ]);
    expect(emulator.control.requestLog.filter((e) => e.write)).toEqual([]);
  });

  test("a consent is never revoked where GDAP could not grant it back", async () => {
    const session = providerSession(emulatorSettings(emulator));
    const error = await cpvConsentImplementation
      .delete(
        `${news(2).customerTenantId}/${news(2).applicationId}`,
        { ...news(2), correlationId: "c" },
        session,
      )
      .catch((e: unknown) => e);
    expect((error as ProviderError).code).toBe("GDAP_ROLE_MISSING");
    expect((error as Error).message).toMatch(
      /remove a CPV application consent .*needs Global Administrator, Privileged Role Administrator or Cloud Application Administrator .*; nothing was revoked/,
    );
    expect(emulator.control.requestLog.filter((e) => e.write)).toEqual([]);
  });

  test("a capable role passes with the status annotated; no relationship is left to the policy pack", async () => {
    const session = providerSession(emulatorSettings(emulator));
    const capable = await cpvConsentImplementation.check({}, news(1), session);
    expect(capable.failures).toBeUndefined();
    expect(capable.inputs).toMatchObject({
      gdapStatus: "active",
      customerTenantId: seed.customers[0].tenantId.toLowerCase(),
    });
    const none = await cpvConsentImplementation.check({}, news(3), session);
    expect([none.failures, (none.inputs as Record<string, unknown>).gdapStatus]).toEqual([undefined, null]);
  });
});

describe("refresh never wedges on what it stored", () => {
  const seed = generateSeed({ customerCount: 1, options: IMMEDIATE_CONSISTENCY });
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ seed });
  });
  afterAll(() => emulator.stop());

  test("an emptied grant and a scope name the input rules refuse: three refreshes in a row succeed", async () => {
    const session = providerSession(emulatorSettings(emulator));
    const created = await cpvConsentImplementation.create(
      {
        customerTenantId: seed.customers[0].tenantId,
        applicationId: ids.rewstCspConnectorAppId,
        displayName: "Rewst CSP Connector",
        grants: grants(["Directory.Read.All"]),
      },
      session,
    );
    const drift = (scope: string) =>
      emulator.control.drift({
        kind: "editGrantScopes",
        tenantId: seed.customers[0].tenantId,
        clientAppId: ids.rewstCspConnectorAppId,
        resourceAppId: GRAPH,
        scope,
      });
    let props = created.outs as Record<string, unknown>;
    for (const scope of ["", "Sites.Selected,odd/scope", ""]) {
      drift(scope);
      const read = await cpvConsentImplementation.read(created.id, props, session);
      props = read.props as Record<string, unknown>;
      expect(props).toMatchObject({ status: "active", declaredGrants: grants(["Directory.Read.All"]) });
    }
  });
});
