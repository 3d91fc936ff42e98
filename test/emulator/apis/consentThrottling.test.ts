import { type RunningEmulator, startEmulator } from "../../../emulator/server";
import { DEFAULT_IDENTITIES as ids, generateSeed } from "../../../emulator/state/seed";
import { AUDIENCES, WELL_KNOWN_APP_IDS } from "../../../provider/contracts/identity";
import { apiClient, delegatedToken } from "../../support/emulatorClients";

// 200 concurrent consents for one applicationId against the 50 requests/s limit: every request
// eventually lands exactly once, and the limit stretches the run over at least three more seconds
// after the first burst ((200 - 50) / 50).
describe("Partner Center consent rate limit under load", () => {
  const seed = generateSeed({ customerCount: 200 });
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ seed });
  });
  afterAll(() => emulator.stop());

  test("200 concurrent consent POSTs: 429s seen, none lost or duplicated", async () => {
    const client = apiClient(
      emulator,
      await delegatedToken(emulator, ids.partnerTenantId, AUDIENCES.partnerCenter),
    );
    const body = {
      applicationId: ids.rewstCspConnectorAppId,
      displayName: "Rewst CSP Connector",
      applicationGrants: [{ enterpriseApplicationId: WELL_KNOWN_APP_IDS.microsoftGraph, scope: "User.Read" }],
    };
    let throttled = 0;
    const started = Date.now();
    const statuses = await Promise.all(
      seed.customers.map(async (customer, i) => {
        // One logical call per customer: retries reuse its MS-RequestId, as a well-behaved client does.
        const headers = { "MS-RequestId": `load-${i}` };
        for (;;) {
          const res = await client.post(`/v1/customers/${customer.tenantId}/applicationconsents`, body, {
            headers,
          });
          if (res.status !== 429) return res.status;
          throttled += 1;
          await new Promise((resolve) => setTimeout(resolve, Number(res.headers["retry-after"]) * 1000));
        }
      }),
    );
    const elapsedMs = Date.now() - started;
    expect(statuses.every((s) => s === 201)).toBe(true);
    // How many 429s depends on how closely the 200 arrive (a busy machine spreads them); the limit
    // itself shows in the time: 200 admitted at 50 per second take at least three more seconds.
    expect(throttled).toBeGreaterThan(0);
    expect(elapsedMs).toBeGreaterThanOrEqual(3000);
    const consents = emulator.control
      .exportState()
      .consents.filter((c) => c.applicationId === ids.rewstCspConnectorAppId);
    expect(consents).toHaveLength(200);
    expect(new Set(consents.map((c) => c.customerTenantId)).size).toBe(200);
  }, 30_000);
});
