import { type RunningEmulator, startEmulator } from "../../../../emulator/server";
import { DEFAULT_IDENTITIES as ids, generateSeed } from "../../../../emulator/state/seed";
import {
  clientMappingImplementation,
  diffClientMapping,
} from "../../../../provider/resources/clientMapping/implementation";
import { emulatorSettings } from "../../../support/emulatorConfig";
import { providerSession } from "../../../../provider/session/session";

describe("diffClientMapping", () => {
  const olds = { customerTenantId: "t", organizationId: "o", cspPackConfigId: "p" };
  test("same mapping, pack config from settings: no change", () => {
    expect(diffClientMapping(olds, { customerTenantId: "t", organizationId: "o" }, "p")).toEqual({
      changes: false,
      replaces: [],
      deleteBeforeReplace: true,
    });
  });
  test("another organization or tenant is another mapping, and the old link goes first", () => {
    expect(diffClientMapping(olds, { ...olds, customerTenantId: "t2" }).deleteBeforeReplace).toBe(true);
    expect(diffClientMapping(olds, { ...olds, organizationId: "o2" }).replaces).toEqual(["organizationId"]);
    expect(diffClientMapping(olds, { ...olds, customerTenantId: "t2" }).replaces).toEqual([
      "customerTenantId",
    ]);
  });
});

describe("a mapping's recorded shard", () => {
  const declared = {
    customerTenantId: "6f9c0d2e-1b2a-4c3d-8e9f-0a1b2c3d4e5f",
    organizationId: "0a1b2c3d-0000-4000-8000-000000000001",
    cspPackConfigId: "p",
  };
  const olds = { ...declared, customerId: "c" };
  const origin = { mappingsFile: "mappings.yaml", shard: "fleet-01" };
  test("a new origin is an in-place update that only records it; none recorded is no key at all", async () => {
    expect(diffClientMapping(olds, { ...olds, shardOrigin: origin })).toEqual({
      changes: true,
      replaces: [],
      deleteBeforeReplace: true,
    });
    const session = providerSession(() => undefined);
    const recorded = await clientMappingImplementation.update(
      "id",
      olds,
      { ...declared, shardOrigin: origin },
      session,
    );
    expect(recorded.outs).toMatchObject({ ...olds, shardOrigin: origin });
    const cleared = await clientMappingImplementation.update(
      "id",
      { ...olds, shardOrigin: origin },
      declared,
      session,
    );
    expect(Object.keys((cleared.outs ?? {}) as Record<string, unknown>)).not.toContain("shardOrigin");
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
    const session = providerSession(emulatorSettings(emulator));
    const org = seed.rewst.organizations[0].id;
    await clientMappingImplementation.create(
      { customerTenantId: seed.customers[0].tenantId, organizationId: org },
      session,
    );
    const error = await clientMappingImplementation
      .create({ customerTenantId: seed.customers[1].tenantId, organizationId: org }, session)
      .catch((e: unknown) => e);
    expect((error as Error).message).toMatch(
      new RegExp(
        `MAPPING_CONFLICT.*${org} is already linked to Customer 001 Ltd \\(${seed.customers[0].tenantId}\\).*Customer 002 Ltd \\(${seed.customers[1].tenantId}\\).*linked to multiple customers`,
      ),
    );
    expect(emulator.control.exportState().rewst.cspCustomers[1].linkedOrganizationIds).toEqual([]);
  });

  test("Rewst session-cookie auth works as well as the bearer token", async () => {
    const session = providerSession(
      emulatorSettings(emulator, {
        "rewst-csp:rewstApiToken": undefined,
        "rewst-csp:rewstCookie": ids.rewstSessionCookie,
      }),
    );
    const created = await clientMappingImplementation.create(
      { customerTenantId: seed.customers[1].tenantId, organizationId: seed.rewst.organizations[1].id },
      session,
    );
    expect((created.outs as Record<string, unknown>).linkedOrganizationIds).toEqual([
      seed.rewst.organizations[1].id,
    ]);
  });

  test("import by <tenant>/<organization>: the link Rewst shows, under the id create would give it", async () => {
    const session = providerSession(emulatorSettings(emulator));
    // The test before linked the second organization to the second customer. (check() below notes
    // the link as declared for the whole process, so a later suite's delete of it would be refused.)
    const tenant = seed.customers[1].tenantId;
    const org = seed.rewst.organizations[1].id;
    const imported = await clientMappingImplementation.read(`${tenant}/${org}`, {}, session);
    const customerId = emulator.control.exportState().rewst.cspCustomers[1].id;
    expect(imported.id).toBe(`${customerId}/${org}`);
    expect(imported.inputs).toEqual({ customerTenantId: tenant, organizationId: org });
    expect(imported.props).toMatchObject({ customerId, linkedOrganizationIds: [org] });
    const checked = await clientMappingImplementation.check(
      {},
      imported.inputs as Record<string, unknown>,
      session,
    );
    expect(checked.failures).toBeUndefined();
    const notLinked = `${tenant}/${seed.rewst.organizations[0].id}`;
    await expect(clientMappingImplementation.read(notLinked, {}, session)).rejects.toMatchObject({
      code: "IMPORT_NOT_FOUND",
    });
    await expect(clientMappingImplementation.read(`${tenant}`, {}, session)).rejects.toMatchObject({
      code: "IMPORT_ID_INVALID",
    });
  });

  test("an unknown tenant is a clear CUSTOMER_NOT_FOUND", async () => {
    const session = providerSession(emulatorSettings(emulator));
    await expect(
      clientMappingImplementation.create(
        {
          customerTenantId: "00000000-0000-0000-0000-000000000001",
          organizationId: seed.rewst.organizations[0].id,
        },
        session,
      ),
    ).rejects.toThrow(/CUSTOMER_NOT_FOUND.*Rewst does not know tenant 00000000-0000-0000-0000-000000000001/);
  });

  test("two concurrent creates for one organization: exactly one links it, the other is a MAPPING_CONFLICT", async () => {
    const fresh = generateSeed({ customerCount: 2 });
    emulator.control.reset(fresh);
    const session = providerSession(emulatorSettings(emulator));
    const org = fresh.rewst.organizations[0].id;
    // Slow answers, so the two check-then-link sequences overlap as they do against the real API.
    emulator.control.setFaults([{ route: "^rewst\\.", kind: "latency", latencyMs: 40, probability: 1 }]);
    const results = await Promise.allSettled(
      fresh.customers.map((c) =>
        clientMappingImplementation.create({ customerTenantId: c.tenantId, organizationId: org }, session),
      ),
    );
    emulator.control.setFaults([]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(failed.map((r) => (r.reason as Error).message)).toEqual([
      expect.stringMatching(/^\[MAPPING_CONFLICT\]/),
    ]);
    const holders = emulator.control
      .exportState()
      .rewst.cspCustomers.filter((c) => c.linkedOrganizationIds.includes(org));
    expect(holders).toHaveLength(1);
  });

  test("a customer's second organization keeps the first, also where Rewst replaces the links it is sent", async () => {
    const fresh = generateSeed({ customerCount: 2, options: { rewstLinkReplacesLinks: true } });
    emulator.control.reset(fresh);
    const session = providerSession(emulatorSettings(emulator));
    const [first, second] = fresh.rewst.organizations.map((o) => o.id);
    const tenant = fresh.customers[0].tenantId;
    await clientMappingImplementation.create({ customerTenantId: tenant, organizationId: first }, session);
    const created = await clientMappingImplementation.create(
      { customerTenantId: tenant, organizationId: second },
      session,
    );
    expect((created.outs as Record<string, unknown>).linkedOrganizationIds).toEqual([first, second]);
    expect(emulator.control.exportState().rewst.cspCustomers[0].linkedOrganizationIds).toEqual([
      first,
      second,
    ]);
  });

  test("delete succeeds when Rewst no longer knows the customer (nothing is left to unlink)", async () => {
    const session = providerSession(emulatorSettings(emulator));
    await expect(
      clientMappingImplementation.delete(
        "x",
        {
          customerTenantId: "6f9c0d2e-1b2a-4c3d-8e9f-0a1b2c3d4e5f",
          cspPackConfigId: ids.rewstCspPackConfigId,
          customerId: "5b2c1f3e-0000-4000-8000-000000000001",
          organizationId: seed.rewst.organizations[0].id,
        },
        session,
      ),
    ).resolves.toBeUndefined();
  });
});

describe("ClientMapping refresh cost", () => {
  const seed = generateSeed({ customerCount: 3 });
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ seed });
  });
  afterAll(() => emulator.stop());

  test("the mappings of a refresh share one listing of Rewst's customers; a link made since is seen", async () => {
    const session = providerSession(emulatorSettings(emulator));
    const created = [];
    for (const [i, customer] of seed.customers.entries())
      created.push(
        await clientMappingImplementation.create(
          { customerTenantId: customer.tenantId, organizationId: seed.rewst.organizations[i].id },
          session,
        ),
      );
    emulator.control.requestLog.length = 0;
    const reads = await Promise.all(
      created.map((c) => clientMappingImplementation.read(c.id, c.outs as Record<string, unknown>, session)),
    );
    expect(reads.map((r) => r.id)).toEqual(created.map((c) => c.id));
    expect(emulator.control.requestLog.map((r) => r.route)).toEqual(["rewst.graphql"]);

    // A link this process made is never hidden by the shared listing.
    await clientMappingImplementation.delete(
      created[0].id,
      created[0].outs as Record<string, unknown>,
      session,
    );
    const again = await clientMappingImplementation.read(
      created[0].id,
      created[0].outs as Record<string, unknown>,
      session,
    );
    expect(again).toEqual({});
  });
});
