import { remoteRecordKeysUnique } from "../fixtures/skeleton/policies/remoteRecordKeysUnique";
import { REMOTE_RECORD_TYPE } from "../fixtures/skeleton/typeToken";
import { runStackPolicy } from "../policies/policyHarness";

const record = (name: string, key: unknown) => ({
  type: REMOTE_RECORD_TYPE,
  name,
  props: { key, value: "v" },
});

describe("remote-record-keys-unique", () => {
  test("is a mandatory stack policy", () => {
    expect(remoteRecordKeysUnique.name).toBe("remote-record-keys-unique");
    expect(remoteRecordKeysUnique.enforcementLevel).toBe("mandatory");
  });

  test("passes when every key is used once", async () => {
    expect(await runStackPolicy(remoteRecordKeysUnique, [record("a", "a"), record("b", "b")])).toEqual([]);
  });

  test("names the key, every resource claiming it and the fix", async () => {
    const messages = await runStackPolicy(remoteRecordKeysUnique, [
      record("zeta", "shared"),
      record("alpha", "shared"),
      record("b", "b"),
    ]);
    expect(messages).toEqual([
      "RemoteRecord key 'shared' is declared by 2 resources (alpha, zeta). Expected: one resource per key. " +
        "Fix: remove the duplicates or give each record its own key.",
    ]);
  });

  test("ignores other resource types and keys not known yet", async () => {
    const other = { type: "pulumi-nodejs:dynamic:Resource", name: "x", props: { key: "shared" } };
    expect(
      await runStackPolicy(remoteRecordKeysUnique, [record("a", "shared"), other, record("b", undefined)]),
    ).toEqual([]);
  });
});
