import { z } from "zod";

import { type RunningEmulator, startEmulator } from "../../../emulator/server";
import { DEFAULT_IDENTITIES as ids, IMMEDIATE_CONSISTENCY, generateSeed } from "../../../emulator/state/seed";
import { DIRECTORY_ROLES } from "../../../provider/contracts/graph";
import { emulatorSettings } from "../../support/emulatorConfig";
import { providerSession } from "../../../provider/session/session";

/** The Rewst client against the emulator, which serves Rewst's real SDL. */
describe("RewstClient", () => {
  const seed = generateSeed({
    customerCount: 2,
    options: IMMEDIATE_CONSISTENCY,
    customers: { 2: { gdapRoles: [DIRECTORY_ROLES.directoryReaders.id] } },
  });
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ seed });
  });
  afterAll(() => emulator.stop());
  const client = () => providerSession(emulatorSettings(emulator)).rewst.client;

  test("a document Rewst refuses fails quoting Rewst's own error", async () => {
    const error = await client()
      .request('query { microsoftCSPCustomers(cspPackConfigId: "x") { nope } }', {}, z.unknown())
      .catch((e: unknown) => e as Error);
    expect(String(error)).toMatch(
      /\[REWST_ERROR\] Rewst GraphQL error \(HTTP 400\): Cannot query field "nope" on type "MicrosoftCSPCustomer"/,
    );
  });

  test("a non-200 answer keeps its GraphQL errors", async () => {
    const error = await client()
      .request("", {}, z.unknown())
      .catch((e: unknown) => e as Error);
    expect(String(error)).toMatch(
      /\[REWST_ERROR\] Rewst GraphQL error \(HTTP 400\): Syntax Error: Unexpected <EOF>\./,
    );
  });

  test("a tenant id in upper case still finds the customer", async () => {
    const customer = await client().customerByTenant(
      ids.rewstCspPackConfigId,
      seed.customers[0].tenantId.toUpperCase(),
    );
    expect(customer?.tenantId).toBe(seed.customers[0].tenantId);
  });

  test("the consent stream succeeds, and a refusal quotes Rewst's reason", async () => {
    const events = await client().consent(
      "CREATE",
      ids.rewstCspPackConfigId,
      [seed.customers[0].tenantId],
      [],
    );
    expect(events.at(-1)).toMatchObject({
      __typename: "MicrosoftCSPConsentStreamSuccessResponse",
      isFinished: true,
    });
    const refused = client().consent("CREATE", ids.rewstCspPackConfigId, [seed.customers[1].tenantId], []);
    await expect(refused).rejects.toThrow(
      /\[CONSENT_FAILED\] Rewst could not grant consent: GDAP for Customer 002 Ltd .* \(needs Global Administrator, Privileged Role Administrator or Cloud Application Administrator/,
    );
  });
});
