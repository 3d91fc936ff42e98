import { type RunningEmulator, startEmulator } from "../../../../emulator/server";
import { DEFAULT_IDENTITIES as ids, generateSeed } from "../../../../emulator/state/seed";
import { enterpriseApplicationImplementation as impl } from "../../../../provider/resources/enterpriseApplication/implementation";
import { emulatorSettings } from "../../../support/emulatorConfig";
import { providerSession } from "../../../../provider/session/session";

/** Against the emulator with its default replication delays. */
describe("EnterpriseApplication", () => {
  const seed = generateSeed({ customerCount: 1 });
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ seed });
  });
  afterAll(() => emulator.stop());

  test("a created principal is readable when create returns (Graph replicates it first)", async () => {
    const session = providerSession(emulatorSettings(emulator));
    const inputs = { tenantId: ids.partnerTenantId, applicationId: ids.rewstCspConnectorAppId };
    const created = await impl.create(inputs, session);
    expect(created.outs).toMatchObject({ adopted: false, status: "active" });
    const read = await impl.read(created.id, created.outs as Record<string, unknown>, session);
    expect(read.props).toMatchObject({ objectId: (created.outs as { objectId: string }).objectId });
  });

  test("a refresh keeps the recorded declaring file, so the next diff plans no change", async () => {
    const session = providerSession(emulatorSettings(emulator));
    const inputs = {
      tenantId: ids.partnerTenantId,
      applicationId: ids.rewstProdAppId,
      shardOrigin: { mappingsFile: "mappings.yaml", shard: "prod" },
    };
    const adopted = await impl.create(inputs, session);
    const read = await impl.read(adopted.id, adopted.outs as Record<string, unknown>, session);
    expect(read.props).toMatchObject({ shardOrigin: inputs.shardOrigin });
    const diff = await impl.diff(adopted.id, read.props as Record<string, unknown>, inputs, session);
    expect(diff.changes).toBe(false);
  });

  test("Rewst Prod disabled by an admin reads as status disabled", async () => {
    const session = providerSession(emulatorSettings(emulator));
    const inputs = { tenantId: ids.partnerTenantId, applicationId: ids.rewstProdAppId.toUpperCase() };
    const adopted = await impl.create(inputs, session);
    expect(adopted.outs).toMatchObject({
      adopted: true,
      status: "active",
      applicationId: ids.rewstProdAppId,
    });
    emulator.control.drift({
      kind: "disableServicePrincipal",
      tenantId: ids.partnerTenantId,
      appId: ids.rewstProdAppId,
    });
    const read = await impl.read(adopted.id, adopted.outs as Record<string, unknown>, session);
    expect(read.props).toMatchObject({ status: "disabled", accountEnabled: false });
  });

  test("import by <tenant>/<app>: Rewst Prod is adopted as found (never deleted), declared by what it is", async () => {
    const session = providerSession(emulatorSettings(emulator));
    const imported = await impl.read(`${ids.partnerTenantId}/${ids.rewstProdAppId}`, {}, session);
    expect(imported.inputs).toEqual({ tenantId: ids.partnerTenantId, applicationId: ids.rewstProdAppId });
    expect(imported.props).toMatchObject({ adopted: true, displayName: "Rewst Prod" });
    const checked = await impl.check({}, imported.inputs as Record<string, unknown>, session);
    expect(checked.failures).toBeUndefined();
    const unknownApp = `${ids.partnerTenantId}/00000000-0000-4000-8000-0000000000aa`;
    await expect(impl.read(unknownApp, {}, session)).rejects.toMatchObject({ code: "IMPORT_NOT_FOUND" });
    await expect(impl.read("not-an-id", {}, session)).rejects.toMatchObject({ code: "IMPORT_ID_INVALID" });
  });
});
