import { RecordsClient, RecordsError } from "../fixtures/skeleton/recordsClient";
import { RecordsEmulator } from "../fixtures/skeleton/server";

// Client and emulator over real loopback HTTP: the shared wire schemas on both sides.
describe("RecordsClient against the records emulator", () => {
  const token = "client-test-token";
  const emulator = new RecordsEmulator({ token });
  let url: string;
  const client = (overrides: { token?: string; baseUrl?: string } = {}) =>
    new RecordsClient({
      baseUrl: overrides.baseUrl ?? url,
      token: overrides.token ?? token,
      userAgent: "test/1",
    });

  beforeAll(async () => {
    url = await emulator.start();
  });
  afterAll(() => emulator.stop());

  test("create, read, update and delete round-trip", async () => {
    const created = await client().create({ key: "crud", value: "v1", owner: null });
    expect(created).toMatchObject({ key: "crud", value: "v1", owner: null, revision: 1 });
    expect(await client().get(created.id)).toEqual(created);
    const updated = await client().update(created.id, { value: "v2", owner: "team" });
    expect(updated).toMatchObject({ value: "v2", owner: "team", revision: 2 });
    expect(await client().delete(created.id)).toBe(true);
    expect(await client().get(created.id)).toBeUndefined();
    expect(await client().delete(created.id)).toBe(false);
    expect(emulator.requestLog.at(-1)?.userAgent).toBe("test/1");
  });

  test("a duplicate key is a REMOTE_CONFLICT naming the key", async () => {
    await client().create({ key: "dup", value: "v", owner: null });
    await expect(client().create({ key: "dup", value: "v", owner: null })).rejects.toThrow(
      /\[REMOTE_CONFLICT\].*key 'dup' already exists/,
    );
  });

  test("a wrong token is REMOTE_UNAUTHORIZED pointing at the setting, without the token", async () => {
    const wrong = "wrong-token-value";
    const error = await client({ token: wrong })
      .get("x")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RecordsError);
    expect((error as RecordsError).code).toBe("REMOTE_UNAUTHORIZED");
    expect((error as Error).message).toContain("rewst-csp:recordsApiToken");
    expect((error as Error).message).not.toContain(wrong);
  });

  test("an unreachable API is REMOTE_UNAVAILABLE naming the URL setting", async () => {
    await expect(client({ baseUrl: "http://127.0.0.1:9" }).get("x")).rejects.toThrow(
      /\[REMOTE_UNAVAILABLE\].*127\.0\.0\.1:9.*rewst-csp:recordsApiUrl/,
    );
  });
});
