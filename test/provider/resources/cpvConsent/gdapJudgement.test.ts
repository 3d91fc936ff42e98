/**
 * How check() and delete() judge GDAP against the emulator: the table's actions per phase, whose
 * roles decide (Rewst's channel is not judged by the SAM user's), and the UNCONFIRMED switches for
 * nested groups and AdminAgents membership, said as advice unless told to refuse.
 */
import { type RunningEmulator, startEmulator } from "../../../../emulator/server";
import {
  DEFAULT_IDENTITIES as ids,
  IMMEDIATE_CONSISTENCY,
  type Seed,
  generateSeed,
} from "../../../../emulator/state/seed";
import { DIRECTORY_ROLES } from "../../../../provider/contracts/graph";
import { WELL_KNOWN_APP_IDS } from "../../../../provider/contracts/identity";
import type { ProviderError } from "../../../../provider/errors";
import type { GdapSummary } from "../../../../provider/outputs";
import { cpvConsentImplementation } from "../../../../provider/resources/cpvConsent/implementation";
import { resetRunClaims } from "../../../../provider/resources/runClaims";
import { providerSession } from "../../../../provider/session/session";
import { emulatorSettings } from "../../../support/emulatorConfig";

const R = DIRECTORY_ROLES;
const GRAPH = WELL_KNOWN_APP_IDS.microsoftGraph;

/** A world of two customers whose partner user is set up by `user`. */
async function world(user: Partial<Seed["partner"]["user"]>, customers: Seed["customers"][number][] = []) {
  const seed = generateSeed({ customerCount: 2, options: IMMEDIATE_CONSISTENCY });
  seed.partner.user = { ...seed.partner.user, ...user };
  customers.forEach((c, i) => (seed.customers[i] = { ...seed.customers[i], ...c }));
  return { seed, emulator: await startEmulator({ seed }) };
}
const consentOf = (seed: Seed, n: number, extra: Record<string, unknown> = {}) => ({
  customerTenantId: seed.customers[n - 1].tenantId,
  applicationId: ids.rewstCspConnectorAppId,
  displayName: "Rewst CSP Connector",
  grants: [{ enterpriseApplicationId: GRAPH, scopes: ["Directory.Read.All"] }],
  ...extra,
});
const gdapOf = (inputs: unknown) => (inputs as { gdap?: GdapSummary }).gdap;

describe("a partner user in the GDAP group only through a nested group", () => {
  let emulator: RunningEmulator;
  let seed: Seed;
  beforeAll(async () => ({ seed, emulator } = await world({ viaNestedGroup: true })));
  afterAll(() => emulator.stop());

  test("counted by default, with advice that the gate relied on it", async () => {
    const checked = await cpvConsentImplementation.check(
      {},
      consentOf(seed, 1),
      providerSession(emulatorSettings(emulator)),
    );
    expect(checked.failures ?? []).toEqual([]);
    expect(gdapOf(checked.inputs)?.advice).toEqual([
      expect.stringMatching(
        /holds Cloud Application Administrator, Directory Readers, Privileged Role Administrator only through a group nested .*UNCONFIRMED/,
      ),
    ]);
  });

  test("with gdapNestedGroups ignore, the consent is refused at check, naming the roles", async () => {
    const session = providerSession(emulatorSettings(emulator, { "rewst-csp:gdapNestedGroups": "ignore" }));
    const checked = await cpvConsentImplementation.check({}, consentOf(seed, 1), session);
    expect(checked.failures).toEqual([
      {
        property: "customerTenantId",
        reason: expect.stringMatching(
          /no role that can grant a CPV application consent .*\(holds no role;/,
        ) as string,
      },
    ]);
  });
});

describe("AdminAgents and the Rewst channel", () => {
  let emulator: RunningEmulator;
  let seed: Seed;
  beforeAll(
    async () =>
      ({ seed, emulator } = await world({ inAdminAgents: false }, [
        { ...generateSeed().customers[0], gdapRoles: [R.directoryReaders.id] },
        {
          ...generateSeed().customers[1],
          gdapRoles: [R.privilegedRoleAdministrator.id, R.directoryReaders.id],
        },
      ])),
  );
  afterAll(() => emulator.stop());

  test("outside AdminAgents: advice by default, a refusal with adminAgentsCheck refuse, nothing with off", async () => {
    const judge = (check?: string) =>
      cpvConsentImplementation.check(
        {},
        consentOf(seed, 2),
        providerSession(emulatorSettings(emulator, check ? { "rewst-csp:adminAgentsCheck": check } : {})),
      );
    const advised = await judge();
    expect(advised.failures ?? []).toEqual([]);
    expect(gdapOf(advised.inputs)?.advice).toEqual([
      expect.stringMatching(/not in the partner tenant's AdminAgents group/),
    ]);
    expect((await judge("refuse")).failures).toEqual([
      {
        property: "customerTenantId",
        reason: expect.stringMatching(
          /not in AdminAgents, which rewst-csp:adminAgentsCheck refuse/,
        ) as string,
      },
    ]);
    expect(gdapOf((await judge("off")).inputs)?.advice).toBeUndefined();
  });

  test("through Rewst, a SAM user with directory reads only is not refused; the roles are marked as Rewst's to judge", async () => {
    const checked = await cpvConsentImplementation.check(
      {},
      consentOf(seed, 1, { via: "rewst" }),
      providerSession(emulatorSettings(emulator)),
    );
    expect(checked.failures ?? []).toEqual([]);
    expect(gdapOf(checked.inputs)).toMatchObject({ status: "active", judgedFor: "rewst" });
    // Omitted, not undefined: the engine cannot serialize an undefined value.
    expect(Object.keys(gdapOf(checked.inputs) ?? {})).not.toContain("advice");
  });

  test("Privileged Role Administrator revokes but cannot delete the principal the consent created: refused before any write, naming keepServicePrincipal", async () => {
    const session = providerSession(emulatorSettings(emulator));
    const props = {
      ...consentOf(seed, 2, { via: "partnerCenter" }),
      correlationId: "c",
      createdServicePrincipalObjectId: "0d4c0a9e-0000-4000-8000-000000000001",
    };
    emulator.control.requestLog.length = 0;
    // A delete in a run that declared this consent would forget it; this run declared nothing.
    resetRunClaims();
    const id = `${props.customerTenantId}/${props.applicationId}`;
    const error = await cpvConsentImplementation.delete(id, props, session).catch((e: unknown) => e);
    expect((error as ProviderError).code).toBe("GDAP_ROLE_MISSING");
    expect((error as Error).message).toMatch(
      /delete a service principal the partner user does not own: needs Security Administrator, Cloud Application Administrator, Application Administrator or Global Administrator .*nothing was revoked\. To revoke the consent but keep the principal it created, set keepServicePrincipal: true/,
    );
    expect(emulator.control.requestLog.filter((e) => e.write)).toEqual([]);
  });

  test("with keepServicePrincipal, the same Privileged-Role-Administrator-only customer's consent is revoked", async () => {
    const session = providerSession(emulatorSettings(emulator));
    const consent = consentOf(seed, 2, { via: "partnerCenter" });
    const pc = session.microsoft.partnerCenter;
    await pc.createConsent(
      consent.customerTenantId,
      {
        applicationId: consent.applicationId,
        displayName: consent.displayName,
        applicationGrants: [{ enterpriseApplicationId: GRAPH, scope: "Directory.Read.All" }],
      },
      "c1",
    );
    resetRunClaims();
    const props = {
      ...consent,
      correlationId: "c",
      keepServicePrincipal: true,
      createdServicePrincipalObjectId: "x",
    };
    await cpvConsentImplementation.delete(
      `${consent.customerTenantId}/${consent.applicationId}`,
      props,
      session,
    );
    expect(
      emulator.control.requestLog
        .filter((e) => e.route === "partnerCenter.applicationConsents.delete")
        .map((e) => e.status),
    ).toEqual([204]);
  });
});
