import { diffRemoteRecord } from "../fixtures/skeleton/implementation";

describe("diffRemoteRecord", () => {
  const stored = { key: "alpha", value: "one", owner: "platform", remoteId: "id-1", revision: 3 };

  test("no change when the observed record matches the inputs (output-only fields ignored)", () => {
    expect(diffRemoteRecord(stored, { key: "alpha", value: "one", owner: "platform" })).toEqual({
      changes: false,
      replaces: [],
    });
  });

  test("a changed value or owner is an in-place update", () => {
    expect(diffRemoteRecord(stored, { key: "alpha", value: "two", owner: "platform" })).toEqual({
      changes: true,
      replaces: [],
    });
    expect(diffRemoteRecord(stored, { key: "alpha", value: "one" })).toEqual({ changes: true, replaces: [] });
  });

  test("a new key replaces the record", () => {
    expect(diffRemoteRecord(stored, { key: "beta", value: "one", owner: "platform" })).toEqual({
      changes: true,
      replaces: ["key"],
    });
  });
});
