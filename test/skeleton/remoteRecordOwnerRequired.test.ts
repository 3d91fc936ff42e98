import { remoteRecordOwnerRequired } from "../fixtures/skeleton/policies/remoteRecordOwnerRequired";
import { REMOTE_RECORD_TYPE } from "../fixtures/skeleton/typeToken";
import { runResourcePolicy } from "../policies/policyHarness";

describe("remote-record-owner-required", () => {
  test("is an advisory resource policy", () => {
    expect(remoteRecordOwnerRequired.name).toBe("remote-record-owner-required");
    expect(remoteRecordOwnerRequired.enforcementLevel).toBe("advisory");
  });

  test("passes a record with an owner", async () => {
    const messages = await runResourcePolicy(remoteRecordOwnerRequired, {
      type: REMOTE_RECORD_TYPE,
      name: "a",
      props: { key: "a", owner: "platform" },
    });
    expect(messages).toEqual([]);
  });

  test.each([undefined, "", "   "])("reports a record whose owner is %p", async (owner) => {
    const messages = await runResourcePolicy(remoteRecordOwnerRequired, {
      type: REMOTE_RECORD_TYPE,
      name: "orphan",
      props: { key: "k", owner },
    });
    expect(messages).toEqual([
      "RemoteRecord 'orphan' (key 'k') has no owner. Expected: a non-empty owner. " +
        "Fix: set `owner` to the team responsible for it.",
    ]);
  });

  test("ignores other resource types", async () => {
    expect(
      await runResourcePolicy(remoteRecordOwnerRequired, {
        type: "aws:s3/bucket:Bucket",
        name: "b",
        props: {},
      }),
    ).toEqual([]);
  });
});
