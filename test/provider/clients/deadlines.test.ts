import { type RunningEmulator, startEmulator } from "../../../emulator/server";
import { DEFAULT_IDENTITIES as ids, IMMEDIATE_CONSISTENCY, generateSeed } from "../../../emulator/state/seed";
import { GraphClient } from "../../../provider/clients/graphClient";
import { createHttpClient } from "../../../provider/clients/httpClient";
import { AUDIENCES } from "../../../provider/contracts/identity";
import { ProviderError } from "../../../provider/errors";
import { emulatorSettings } from "../../support/emulatorConfig";
import { providerSession } from "../../../provider/session/session";

/** Every wait has an end: Retry-After is capped, a call has a deadline, the consent stream too. */
describe("bounded waits", () => {
  const seed = generateSeed({ customerCount: 1, options: IMMEDIATE_CONSISTENCY });
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ seed });
  });
  afterAll(() => emulator.stop());
  beforeEach(() => emulator.control.reset(seed));

  const elapsed = async (work: () => Promise<unknown>) => {
    const started = Date.now();
    const error = await work().then(
      () => undefined,
      (e: unknown) => e,
    );
    return { error: error as Error | undefined, seconds: (Date.now() - started) / 1000 };
  };

  test("a Retry-After of an hour fails at once, quoting it, instead of sleeping", async () => {
    emulator.control.setFaults([
      {
        route: "^graph\\.servicePrincipals\\.byAppId$",
        kind: "status",
        status: 429,
        retryAfterSeconds: 3600,
        probability: 1,
      },
    ]);
    const ms = providerSession(
      emulatorSettings(emulator, { "rewst-csp:maxRetryAfterSeconds": "30" }),
    ).microsoft;
    const { error, seconds } = await elapsed(() =>
      ms.graph(ids.partnerTenantId).servicePrincipalByAppId(ids.rewstProdAppId),
    );
    expect(error).toBeInstanceOf(ProviderError);
    expect(error?.message).toMatch(
      /asked to wait 3600 s \(Retry-After\), more than rewst-csp:maxRetryAfterSeconds \(30 s\)/,
    );
    expect(seconds).toBeLessThan(5);
  });

  test("throttling that never ends stops at the call's deadline", async () => {
    emulator.control.setFaults([
      {
        route: "^graph\\.servicePrincipals\\.byAppId$",
        kind: "status",
        status: 429,
        retryAfterSeconds: 0.5,
        probability: 1,
      },
    ]);
    const ms = providerSession(
      emulatorSettings(emulator, { "rewst-csp:requestDeadlineSeconds": "2" }),
    ).microsoft;
    const { error, seconds } = await elapsed(() =>
      ms.graph(ids.partnerTenantId).servicePrincipalByAppId(ids.rewstProdAppId),
    );
    expect(error?.message).toMatch(
      /gave up after rewst-csp:requestDeadlineSeconds \(2 s\) of retries \(last answer HTTP 429\)/,
    );
    expect(seconds).toBeLessThan(4);
  });

  test("every attempt asks for its token again (a retry after long throttling is not sent with an expired one)", async () => {
    emulator.control.setFaults([
      {
        route: "^graph\\.servicePrincipals\\.byAppId$",
        kind: "status",
        status: 503,
        probability: 1,
        times: 2,
      },
    ]);
    const ms = providerSession(emulatorSettings(emulator)).microsoft;
    let asked = 0;
    const http = createHttpClient({
      baseUrl: emulator.url,
      setting: "rewst-csp:graphUrl",
      userAgent: "test",
      ca: emulator.ca,
      maxRetries: 3,
    });
    const graph = new GraphClient(
      http,
      () => {
        asked++;
        return ms.tokens.delegated(ids.partnerTenantId, AUDIENCES.graph);
      },
      ids.partnerTenantId,
    );
    await expect(graph.servicePrincipalByAppId(ids.rewstProdAppId)).resolves.toMatchObject({
      appId: ids.rewstProdAppId,
    });
    expect(asked).toBe(3);
  });

  test("a Rewst consent stream that goes quiet fails at its deadline with a clear error", async () => {
    emulator.control.reset({ ...seed, options: { ...seed.options, rewstConsentStreamStallMs: 60_000 } });
    const { client } = providerSession(
      emulatorSettings(emulator, { "rewst-csp:consentStreamTimeoutSeconds": "2" }),
    ).rewst;
    const { error, seconds } = await elapsed(() =>
      client.consent("CREATE", ids.rewstCspPackConfigId, [seed.customers[0].tenantId], []),
    );
    expect(error?.message).toMatch(
      /\[REWST_ERROR\] Rewst's consent stream did not finish within rewst-csp:consentStreamTimeoutSeconds \(2 s; 0 events received\)/,
    );
    expect(seconds).toBeLessThan(5);
  });
});
