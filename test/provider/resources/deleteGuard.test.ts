/**
 * The one gate before a consent is revoked or a link removed: only a customer the mappings file no
 * longer declares, and no other resource of the run claims, loses access; an unreadable file refuses.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { stringify } from "yaml";

import { ProviderError } from "../../../provider/errors";
import { shardOf } from "../../../provider/mappings/shards";
import { judgeDelete } from "../../../provider/resources/deleteGuard";
import { noteDeclared, resetRunClaims } from "../../../provider/resources/runClaims";

const CONNECTOR = "9359814a-7403-4af9-9113-d5c8cab020ed";
const GRAPH = "00000003-0000-0000-c000-000000000000";
const T1 = "11111111-1111-4111-8111-111111111111";
const T2 = "22222222-2222-4222-8222-222222222222";
const ORG1 = "aaaaaaaa-1111-4111-8111-111111111111";

function writeFile(
  file: string,
  customers: { tenantId: string; org?: string; shard?: string }[],
  shards?: string[],
) {
  fs.writeFileSync(
    file,
    stringify({
      ...(shards ? { shards } : {}),
      consentDefaults: { applicationId: CONNECTOR, displayName: "Rewst CSP Connector" },
      grantProfiles: { connector: [{ enterpriseApplicationId: GRAPH, scopes: ["User.Read"] }] },
      customers: customers.map((c, i) => ({
        name: `customer-${i}`,
        tenantId: c.tenantId,
        organizations: c.org ? [c.org] : [],
        consent: { grantProfile: "connector" },
        ...(c.shard ? { shard: c.shard } : {}),
      })),
    }),
  );
}

const consent = (tenantId: string) => ({ kind: "consent" as const, tenantId, applicationId: CONNECTOR });

describe("judgeDelete", () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    resetRunClaims();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "rewst-csp-guard-"));
    file = path.join(dir, "mappings.yaml");
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test("a customer removed from the file is offboarded; one still in it, in any shard, is forgotten", () => {
    const origin = { mappingsFile: file, shard: "prod" };
    writeFile(file, [{ tenantId: T1, org: ORG1 }]);
    expect(judgeDelete(consent(T1), origin, "the consent")).toMatchObject({ action: "forget" });
    expect(
      judgeDelete({ kind: "link", tenantId: T1, organizationId: ORG1 }, origin, "the link"),
    ).toMatchObject({ action: "forget" });

    // Sharded now, the customer in a shard that is not the stack's: still declared, forgotten.
    const shards = ["fleet-00", "fleet-01"];
    writeFile(file, [{ tenantId: T1, org: ORG1 }], shards);
    const verdict = judgeDelete(consent(T1), origin, "the consent");
    expect(verdict).toEqual({
      action: "forget",
      reason: `${file} still declares it for customer customer-0 (${shardOf({ tenantId: T1 }, shards)})`,
    });

    writeFile(file, [{ tenantId: T2 }]);
    expect(judgeDelete(consent(T1), origin, "the consent")).toEqual({ action: "remove" });
    // The organization moved to another customer: the old link goes.
    writeFile(file, [{ tenantId: T2, org: ORG1 }]);
    expect(judgeDelete({ kind: "link", tenantId: T1, organizationId: ORG1 }, origin, "the link")).toEqual({
      action: "remove",
    });
  });

  test("an enterprise application the file still declares is forgotten, one it dropped is removed", () => {
    const origin = { mappingsFile: file, shard: "prod" };
    const app = { kind: "app" as const, tenantId: T2, applicationId: CONNECTOR };
    fs.writeFileSync(
      file,
      stringify({
        enterpriseApplications: [{ name: "rewst-prod", tenantId: T2, applicationId: CONNECTOR }],
        customers: [],
      }),
    );
    expect(judgeDelete(app, origin, "the principal")).toMatchObject({ action: "forget" });
    fs.writeFileSync(file, stringify({ customers: [] }));
    expect(judgeDelete(app, origin, "the principal")).toEqual({ action: "remove" });
  });

  test("fails closed: a missing or invalid file refuses with MAPPINGS_UNREADABLE", () => {
    const origin = { mappingsFile: file, shard: "prod" };
    const refusal = () => {
      try {
        judgeDelete(consent(T1), origin, "the consent of x");
      } catch (error) {
        return error;
      }
      return undefined;
    };
    expect(refusal()).toBeInstanceOf(ProviderError);
    expect((refusal() as ProviderError).code).toBe("MAPPINGS_UNREADABLE");
    expect((refusal() as ProviderError).message).toContain("nothing was revoked or unlinked");
    expect((refusal() as ProviderError).message).toContain("pulumi state delete <urn>");
    fs.writeFileSync(file, "customers: [ {");
    expect((refusal() as ProviderError).code).toBe("MAPPINGS_UNREADABLE");
  });

  test("the file this run declares from wins over the recorded one (a renamed mappings file)", () => {
    const renamed = path.join(dir, "customers.yaml");
    writeFile(renamed, [{ tenantId: T1 }]);
    noteDeclared("consent", { tenantId: T2, subject: CONNECTOR }, undefined, renamed);
    // The recorded file is gone; the run's file still declares T1.
    expect(judgeDelete(consent(T1), { mappingsFile: file, shard: "prod" }, "c")).toMatchObject({
      action: "forget",
    });
  });

  test("a pair a new resource of this run claims is forgotten; the same resource again is a replacement", () => {
    noteDeclared("consent", { tenantId: T1, subject: CONNECTOR }, undefined, undefined);
    expect(judgeDelete(consent(T1), undefined, "c")).toMatchObject({ action: "forget" });
    noteDeclared(
      "consent",
      { tenantId: T2, subject: CONNECTOR },
      { tenantId: T2, subject: CONNECTOR },
      undefined,
    );
    expect(judgeDelete(consent(T2), undefined, "c")).toEqual({ action: "remove" });
    // Declared without a mappings file and dropped from the program: the user asked.
    resetRunClaims();
    expect(judgeDelete(consent(T1), undefined, "c")).toEqual({ action: "remove" });
    // State of an earlier release recorded no file: the file this run declares from still decides.
    writeFile(file, [{ tenantId: T1 }]);
    noteDeclared("consent", { tenantId: T2, subject: CONNECTOR }, undefined, file);
    expect(judgeDelete(consent(T1), undefined, "c")).toMatchObject({ action: "forget" });
  });
});
