import { type RunningEmulator, startEmulator } from "../../../../emulator/server";
import { DEFAULT_IDENTITIES as ids, generateSeed } from "../../../../emulator/state/seed";
import {
  clientMappingImplementation,
  diffClientMapping,
} from "../../../../provider/resources/clientMapping/implementation";
import { emulatorSettings } from "../../../support/emulatorConfig";

describe("diffClientMapping", () => {
  const olds = { customerTenantId: "t", organizationId: "o", cspPackConfigId: "p" };
  test("same mapping, pack config from settings: no change", () => {
    expect(diffClientMapping(olds, { customerTenantId: "t", organizationId: "o" }, "p")).toEqual({
      changes: false,
      replaces: [],
    });
  });
  test("another organization or tenant is another mapping", () => {
    expect(diffClientMapping(olds, { ...olds, organizationId: "o2" }).replaces).toEqual(["organizationId"]);
    expect(diffClientMapping(olds, { ...olds, customerTenantId: "t2" }).replaces).toEqual([
      "customerTenantId",
    ]);
  });
});

describe("ClientMapping against the emulator", () => {
  const seed = generateSeed({ customerCount: 2 });
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ seed });
  });
  afterAll(() => emulator.stop());

  test("an organization already linked to another customer is refused, naming both", async () => {
    const ctx = { config: emulatorSettings(emulator) };
    const org = seed.rewst.organizations[0].id;
    await clientMappingImplementation.create(
      { customerTenantId: seed.customers[0].tenantId, organizationId: org },
      ctx,
    );
    const error = await clientMappingImplementation
      .create({ customerTenantId: seed.customers[1].tenantId, organizationId: org }, ctx)
      .catch((e: unknown) => e);
    expect((error as Error).message).toMatch(
      new RegExp(
        `MAPPING_CONFLICT.*${org} is already linked to Customer 001 Ltd \\(${seed.customers[0].tenantId}\\).*Customer 002 Ltd \\(${seed.customers[1].tenantId}\\).*linked to multiple customers`,
      ),
    );
    expect(emulator.control.exportState().rewst.cspCustomers[1].linkedOrganizationIds).toEqual([]);
  });

  test("Rewst session-cookie auth works as well as the bearer token", async () => {
    const ctx = {
      config: emulatorSettings(emulator, {
        "rewst-csp:rewstApiToken": undefined,
        "rewst-csp:rewstCookie": ids.rewstSessionCookie,
      }),
    };
    const created = await clientMappingImplementation.create(
      { customerTenantId: seed.customers[1].tenantId, organizationId: seed.rewst.organizations[1].id },
      ctx,
    );
    expect((created.outs as Record<string, unknown>).linkedOrganizationIds).toEqual([
      seed.rewst.organizations[1].id,
    ]);
  });

  test("an unknown tenant is a clear CUSTOMER_NOT_FOUND", async () => {
    const ctx = { config: emulatorSettings(emulator) };
    await expect(
      clientMappingImplementation.create(
        { customerTenantId: "00000000-0000-0000-0000-000000000001", organizationId: "x" },
        ctx,
      ),
    ).rejects.toThrow(/CUSTOMER_NOT_FOUND.*Rewst does not know tenant 00000000-0000-0000-0000-000000000001/);
  });
});
