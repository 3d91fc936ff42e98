/**
 * Offboarding removes only what the consent made: delete against the emulator, judged by its
 * request log. The partner tenant is refused before any request; a principal that was there before
 * the consent, or was re-created since, is kept; app-role repair leaves roles of resources the
 * declaration does not manage.
 */
import { type RunningEmulator, startEmulator } from "../../../../emulator/server";
import { EXCHANGE_ONLINE_APP_ID } from "../../../../emulator/state/catalog";
import {
  DEFAULT_IDENTITIES as ids,
  IMMEDIATE_CONSISTENCY,
  generateSeed,
} from "../../../../emulator/state/seed";
import { WELL_KNOWN_APP_IDS } from "../../../../provider/contracts/identity";
import type { ProviderError } from "../../../../provider/errors";
import { cpvConsentImplementation as consent } from "../../../../provider/resources/cpvConsent/implementation";
import { resetRunClaims } from "../../../../provider/resources/runClaims";
import { providerSession } from "../../../../provider/session/session";
import { emulatorSettings } from "../../../support/emulatorConfig";

const GRAPH = WELL_KNOWN_APP_IDS.microsoftGraph;
const CONNECTOR = ids.rewstCspConnectorAppId;

describe("CpvConsent delete removes only what the consent made", () => {
  const seed = generateSeed({
    customerCount: 4,
    options: IMMEDIATE_CONSISTENCY,
    customers: {
      // The connector's principal is there before any consent (an admin, an earlier integration).
      2: { servicePrincipals: [{ appId: CONNECTOR, displayName: "Rewst CSP Connector" }] },
    },
  });
  const tenant = (n: number) => seed.customers[n - 1].tenantId;
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ seed });
  });
  afterAll(() => emulator.stop());
  beforeEach(() => {
    resetRunClaims();
    emulator.control.requestLog.length = 0;
  });

  const inputs = (n: number, extra: Record<string, unknown> = {}) => ({
    customerTenantId: tenant(n),
    applicationId: CONNECTOR,
    displayName: "Rewst CSP Connector",
    grants: [{ enterpriseApplicationId: GRAPH, scopes: ["Directory.Read.All"] }],
    via: "partnerCenter",
    ...extra,
  });
  const writes = () =>
    emulator.control.requestLog.filter((e) => e.write && e.route !== "identity.token").map((e) => e.route);
  const principal = (n: number) =>
    emulator.control
      .exportState()
      .servicePrincipals.find((sp) => sp.tenantId === tenant(n) && sp.appId === CONNECTOR);

  test("the consent's own principal is deleted after the revocation (the control case)", async () => {
    const session = providerSession(emulatorSettings(emulator));
    const created = await consent.create(inputs(1), session);
    const outs = created.outs as Record<string, unknown>;
    expect(outs.createdServicePrincipalObjectId).toBe(principal(1)!.id);
    emulator.control.requestLog.length = 0;
    await consent.delete(created.id, outs, session);
    expect(writes()).toEqual(["partnerCenter.applicationConsents.delete", "graph.servicePrincipals.delete"]);
    expect(principal(1)).toBeUndefined();
  });

  test("recording the declaring file (an upgrade, a renamed file) is a state-only update: no request", async () => {
    const session = providerSession(emulatorSettings(emulator));
    const created = await consent.create(inputs(1), session);
    const outs = created.outs as Record<string, unknown>;
    emulator.control.requestLog.length = 0;
    const origin = { mappingsFile: "mappings.yaml", shard: "prod" };
    const updated = await consent.update(created.id, outs, inputs(1, { shardOrigin: origin }), session);
    expect(emulator.control.requestLog).toEqual([]);
    expect(updated.outs).toEqual({ ...outs, shardOrigin: origin });
    // keepServicePrincipal set, then removed again: state follows the declaration.
    const kept = await consent.update(
      created.id,
      updated.outs as Record<string, unknown>,
      inputs(1, { keepServicePrincipal: true }),
      session,
    );
    expect(kept.outs).toEqual({ ...outs, keepServicePrincipal: true });
    const unkept = await consent.update(created.id, kept.outs as Record<string, unknown>, inputs(1), session);
    expect(unkept.outs).toEqual(outs);
    expect(emulator.control.requestLog).toEqual([]);
    await consent.delete(created.id, outs, session);
  });

  test("a principal that was there before the consent is adopted, and kept when the consent goes", async () => {
    const session = providerSession(emulatorSettings(emulator));
    const before = principal(2)!.id;
    const created = await consent.create(inputs(2), session);
    const outs = created.outs as Record<string, unknown>;
    expect(outs.servicePrincipalObjectId).toBe(before);
    expect(outs.createdServicePrincipalObjectId).toBe("");
    emulator.control.requestLog.length = 0;
    await consent.delete(created.id, outs, session);
    expect(writes()).toEqual(["partnerCenter.applicationConsents.delete"]);
    expect(principal(2)?.id).toBe(before);
  });

  test("a principal re-created since (another object id) is kept: consent revoked, principal left", async () => {
    const session = providerSession(emulatorSettings(emulator));
    const created = await consent.create(inputs(3), session);
    emulator.control.drift({ kind: "recreateServicePrincipal", tenantId: tenant(3), appId: CONNECTOR });
    const foreign = principal(3)!.id;
    expect(foreign).not.toBe((created.outs as Record<string, unknown>).createdServicePrincipalObjectId);
    emulator.control.requestLog.length = 0;
    await consent.delete(created.id, created.outs as Record<string, unknown>, session);
    expect(writes()).not.toContain("graph.servicePrincipals.delete");
    expect(principal(3)?.id).toBe(foreign);
    // Partner Center now answers 404 (nothing to revoke) and the principal is still foreign: no
    // Graph DELETE either.
    emulator.control.requestLog.length = 0;
    await consent.delete(created.id, created.outs as Record<string, unknown>, session);
    expect(writes()).toEqual(["partnerCenter.applicationConsents.delete"]);
    expect(principal(3)?.id).toBe(foreign);
  });

  test("the partner tenant and the MSP's own app are refused before any request", async () => {
    const session = providerSession(emulatorSettings(emulator));
    const refusal = (props: Record<string, unknown>, id?: string) =>
      consent
        .delete(id ?? `${String(props.customerTenantId)}/${String(props.applicationId)}`, props, session)
        .then(
          () => new Error("not refused") as ProviderError,
          (e: unknown) => e as ProviderError,
        );
    const partner = await refusal(
      inputs(1, { customerTenantId: ids.partnerTenantId, applicationId: ids.rewstProdAppId }),
    );
    expect(partner.code).toBe("CONSENT_TARGET_REFUSED");
    expect(partner.message).toContain(`customerTenantId is the partner tenant ${ids.partnerTenantId}`);
    const own = await refusal(inputs(1, { applicationId: ids.mspAppId }));
    expect(own.message).toContain("applicationId is your secure-application-model app");
    // State whose id names another consent.
    const mismatch = await refusal(inputs(1), `${tenant(2)}/${CONNECTOR}`);
    expect(mismatch.code).toBe("CONSENT_TARGET_REFUSED");
    expect(emulator.control.requestLog.filter((e) => e.write && e.route !== "identity.token")).toEqual([]);
    expect(emulator.control.requestLog).toEqual([]);
  });

  test("app-role repair keeps roles of resources the declaration does not manage (Exchange)", async () => {
    const session = providerSession(emulatorSettings(emulator));
    const declared = inputs(4, {
      grants: [
        { enterpriseApplicationId: GRAPH, scopes: ["Directory.Read.All"], appRoles: ["User.Read.All"] },
      ],
    });
    const created = await consent.create(declared, session);
    emulator.control.drift({
      kind: "editAppRole",
      change: "add",
      tenantId: tenant(4),
      clientAppId: CONNECTOR,
      resourceAppId: EXCHANGE_ONLINE_APP_ID,
      role: "Exchange.ManageAsApp",
    });
    emulator.control.drift({
      kind: "editAppRole",
      change: "add",
      tenantId: tenant(4),
      clientAppId: CONNECTOR,
      resourceAppId: GRAPH,
      role: "Group.Read.All",
    });
    const read = await consent.read(created.id, created.outs as Record<string, unknown>, session);
    await consent.update(created.id, read.props as Record<string, unknown>, declared, session);
    const roles = emulator.control
      .exportState()
      .appRoleAssignments.filter((a) => a.principalId === principal(4)!.id)
      .map((a) => a.appRoleId)
      .sort();
    // Exchange.ManageAsApp stays; Graph's roles are brought to the declaration (Group.Read.All goes).
    expect(roles).toEqual(["dc50a0fb-09a3-484d-be87-e023b12c6440", "df021288-bdef-4463-88db-98f22de89214"]);
  });
});
