/**
 * Walking skeleton on the real engine: the pinned `pulumi` CLI runs the fixture program, our dynamic
 * provider (through the serialized shim) and the policy pack against a loopback records API.
 * Steps share one stack and run in order.
 */
import { randomUUID } from "crypto";
import * as path from "path";

import { RecordsEmulator } from "../fixtures/skeleton/server";
import { REPO_ROOT } from "./support/engine";
import { PulumiWorkspace } from "./support/workspace";

jest.setTimeout(240_000);

const PROJECT = "records-fixture";
const STACK = "e2e";
const POLICY_PACK = path.join(REPO_ROOT, "test/fixtures/skeleton/policies");
const VERSION_A = "0.1.0-e2e.a";
const VERSION_B = "0.1.0-e2e.b";
// The skeleton is a test fixture, not part of the product: each installed copy registers it in the
// package's runtime (compiled with the package into dist/test/fixtures/skeleton).
const REGISTER_SKELETON = `
const skeleton = require("../test/fixtures/skeleton/implementation");
exports.implementations = { ...exports.implementations, [skeleton.REMOTE_RECORD_TYPE]: skeleton.remoteRecordImplementation };`;
// Release B reads like A and also reports a marker, so state shows whose code ran.
const RELEASE_B_BEHAVIOUR = `${REGISTER_SKELETON}
const recordImpl = exports.implementations["pulumi-nodejs:dynamic/rewst-csp:RemoteRecord"];
const readLikeA = recordImpl.read;
recordImpl.read = async (...args) => {
  const result = await readLikeA(...args);
  return result.props ? { ...result, props: { ...result.props, readBy: "release-b" } } : result;
};`;

interface RecordDeclaration {
  name: string;
  key: string;
  value: string;
  owner?: string;
}
const BASELINE: RecordDeclaration[] = [
  { name: "alpha", key: "alpha", value: "one", owner: "platform" },
  { name: "beta", key: "beta", value: "two", owner: "platform" },
];

interface ExportedResource {
  type: string;
  urn: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

describe("walking skeleton on the real Pulumi engine", () => {
  const token = `rec-${randomUUID()}`;
  const emulator = new RecordsEmulator({ token });
  let ws: PulumiWorkspace;

  const setRecords = (records: RecordDeclaration[]) =>
    ws.pulumiOk(["config", "set", "--stack", STACK, "fixture:records", JSON.stringify(records)]);

  const exportedRecords = async (): Promise<ExportedResource[]> => {
    const exported = JSON.parse((await ws.pulumiOk(["stack", "export", "--stack", STACK])).stdout) as {
      deployment: { resources?: ExportedResource[] };
    };
    return (exported.deployment.resources ?? [])
      .filter((r) => r.type === "pulumi-nodejs:dynamic/rewst-csp:RemoteRecord")
      .sort((a, b) => a.urn.localeCompare(b.urn));
  };

  beforeAll(async () => {
    const url = await emulator.start();
    ws = PulumiWorkspace.create("records");
    ws.installPackage(VERSION_A, REGISTER_SKELETON);
    await ws.pulumiOk(["stack", "init", STACK]);
    await ws.pulumiOk(["config", "set", "--stack", STACK, "rewst-csp:recordsApiUrl", url]);
    await ws.pulumiOk(["config", "set", "--stack", STACK, "--secret", "rewst-csp:recordsApiToken", token]);
    await setRecords(BASELINE);
  });

  afterAll(async () => {
    await emulator.stop();
    ws?.dispose();
  });

  test("pulumi up creates the records through the dynamic provider, with no plugin downloads", async () => {
    const up = await ws.pulumiOk(["up", "--yes", "--skip-preview", "--stack", STACK]);
    expect(up.output).toMatch(/\+ 3 created/);

    const created = emulator.list().sort((a, b) => a.key.localeCompare(b.key));
    expect(created.map((r) => [r.key, r.value, r.owner])).toEqual([
      ["alpha", "one", "platform"],
      ["beta", "two", "platform"],
    ]);
    const writes = emulator.requestLog.filter((entry) => entry.method === "POST");
    expect(writes.map((entry) => entry.userAgent)).toEqual([
      `pulumi-rewst-csp/${VERSION_A}`,
      `pulumi-rewst-csp/${VERSION_A}`,
    ]);

    const records = await exportedRecords();
    expect(records.map((r) => r.urn)).toEqual([
      expect.stringMatching(/RemoteRecord::alpha$/),
      expect.stringMatching(/RemoteRecord::beta$/),
    ]);
    expect(records[0].outputs).toMatchObject({
      key: "alpha",
      value: "one",
      implementationVersion: VERSION_A,
    });

    // Everything the engine needed was bundled: the plugin cache of this PULUMI_HOME stays empty.
    const plugins = JSON.parse((await ws.pulumiOk(["plugin", "ls", "--json"])).stdout) as unknown[];
    expect(plugins).toEqual([]);
  });

  test("preview --refresh --expect-no-changes with the policy pack passes on the clean stack", async () => {
    const preview = await ws.pulumi([
      "preview",
      "--refresh",
      "--expect-no-changes",
      "--policy-pack",
      POLICY_PACK,
      "--stack",
      STACK,
    ]);
    expect(preview.output).not.toMatch(/\[(mandatory|advisory)\]/);
    expect(preview.code).toBe(0);
  });

  test("the secret token never appears in plaintext in state, exported or raw", async () => {
    const exported = (await ws.pulumiOk(["stack", "export", "--stack", STACK])).stdout;
    expect(exported).toContain('"value": "one"');
    expect(exported).not.toContain(token);
    expect(ws.rawStateFile(PROJECT, STACK)).not.toContain(token);
    // The serialized provider is the thin shim: it neither embeds config nor pins package internals.
    const records = await exportedRecords();
    const shim = String(records[0].inputs?.__provider);
    expect(shim).toContain("loadProviderRuntime");
    expect(shim).not.toContain(token);
    expect(shim).not.toMatch(/require\("pulumi-rewst-csp\//);
  });

  test("an out-of-band change is drift: preview --refresh --expect-no-changes fails and names the record", async () => {
    const alpha = emulator.findByKey("alpha")!;
    emulator.tamper(alpha.id, "changed-by-hand");

    const preview = await ws.pulumi([
      "preview",
      "--refresh",
      "--expect-no-changes",
      "--diff",
      "--stack",
      STACK,
    ]);
    expect(preview.code).not.toBe(0);
    expect(preview.output).toMatch(/~\s+pulumi-nodejs:dynamic\/rewst-csp:RemoteRecord: \(update\)/);
    expect(preview.output).toContain("RemoteRecord::alpha");
    expect(preview.output).toMatch(/value\s*:\s*"changed-by-hand" => "one"/);
    expect(preview.output).toMatch(/no changes were expected.* but changes were proposed/);

    await ws.pulumiOk(["up", "--yes", "--skip-preview", "--refresh", "--stack", STACK]);
    expect(emulator.findByKey("alpha")?.value).toBe("one");
  });

  test("an out-of-band deletion is drift too, and up re-creates the record", async () => {
    emulator.remove(emulator.findByKey("beta")!.id);

    const preview = await ws.pulumi(["preview", "--refresh", "--expect-no-changes", "--stack", STACK]);
    expect(preview.code).not.toBe(0);
    expect(preview.output).toMatch(/\+\s+pulumi-nodejs:dynamic\/rewst-csp:RemoteRecord\s+beta\s+create/);

    await ws.pulumiOk(["up", "--yes", "--skip-preview", "--refresh", "--stack", STACK]);
    expect(emulator.findByKey("beta")?.value).toBe("two");
  });

  test("a seeded mandatory violation fails preview and its message appears in the output", async () => {
    await setRecords([...BASELINE, { name: "alpha-again", key: "alpha", value: "dup" }]);
    try {
      const preview = await ws.pulumi(["preview", "--policy-pack", POLICY_PACK, "--stack", STACK]);
      expect(preview.code).not.toBe(0);
      expect(preview.output).toMatch(/\[mandatory\]\s+remote-record-keys-unique\s+\(pulumi:pulumi:Stack/);
      expect(preview.output).toContain(
        "RemoteRecord key 'alpha' is declared by 2 resources (alpha, alpha-again)",
      );
      // The advisory resource policy reports the owner-less record without blocking on its own.
      expect(preview.output).toMatch(
        /\[advisory\]\s+remote-record-owner-required\s+\(pulumi-nodejs:dynamic\/rewst-csp:RemoteRecord: alpha-again\)/,
      );
      expect(preview.output).toContain("RemoteRecord 'alpha-again' (key 'alpha') has no owner");
      expect(emulator.list()).toHaveLength(2);
    } finally {
      await setRecords(BASELINE);
    }
  });

  test("refresh runs the installed implementation, not the code frozen in state", async () => {
    const shimBefore = (await exportedRecords()).map((r) => r.outputs?.__provider);
    ws.installPackage(VERSION_B, RELEASE_B_BEHAVIOUR);
    const logStart = emulator.requestLog.length;

    await ws.pulumiOk(["refresh", "--yes", "--skip-preview", "--stack", STACK]);

    const records = await exportedRecords();
    expect(records.map((r) => r.outputs?.readBy)).toEqual(["release-b", "release-b"]);
    expect(records.map((r) => r.outputs?.implementationVersion)).toEqual([VERSION_B, VERSION_B]);
    // The stored shim did not change; only the package behind it did.
    expect(records.map((r) => r.outputs?.__provider)).toEqual(shimBefore);
    const reads = emulator.requestLog.slice(logStart).filter((entry) => entry.method === "GET");
    expect(reads.length).toBe(2);
    expect(new Set(reads.map((entry) => entry.userAgent))).toEqual(
      new Set([`pulumi-rewst-csp/${VERSION_B}`]),
    );
  });

  test("pulumi destroy removes every record, through the upgraded implementation", async () => {
    const logStart = emulator.requestLog.length;
    await ws.pulumiOk(["destroy", "--yes", "--skip-preview", "--stack", STACK]);
    expect(emulator.list()).toEqual([]);
    const deletes = emulator.requestLog.slice(logStart).filter((entry) => entry.method === "DELETE");
    expect(deletes.map((entry) => [entry.status, entry.userAgent])).toEqual([
      [204, `pulumi-rewst-csp/${VERSION_B}`],
      [204, `pulumi-rewst-csp/${VERSION_B}`],
    ]);
    expect(await exportedRecords()).toEqual([]);
  });
});
