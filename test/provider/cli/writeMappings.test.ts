import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { parse } from "yaml";

import { mergeImport } from "../../../provider/cli/mergeImport";
import { writeMappingsFile } from "../../../provider/cli/writeMappings";

const T1 = "11111111-1111-4111-8111-111111111111";
const T2 = "22222222-2222-4222-8222-222222222222";
const T3 = "33333333-3333-4333-8333-333333333333";
const file = (customers: string) => `customers:\n${customers}`;
const customer = (name: string, tenant: string, orgs = "[]") =>
  `  - { name: ${name}, tenantId: ${tenant}, companyName: ${name}, organizations: ${orgs} }\n`;

describe("writing an imported mappings file", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "rewst-csp-import-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test("an existing file is replaced only with force, and atomically (no temporary file left)", () => {
    const out = path.join(dir, "mappings.yaml");
    fs.writeFileSync(out, "# reviewed by hand\n");
    const text = file(customer("a", T1));
    expect(() => writeMappingsFile(out, text, false)).toThrow(/mappings\.yaml exists; pass --force/);
    expect(fs.readFileSync(out, "utf8")).toBe("# reviewed by hand\n");
    writeMappingsFile(out, text, true);
    expect(fs.readFileSync(out, "utf8")).toBe(text);
    expect(fs.readdirSync(dir)).toEqual(["mappings.yaml"]);
  });

  test("a file the stack would refuse is never written", () => {
    const out = path.join(dir, "new.yaml");
    expect(() => writeMappingsFile(out, file(customer("a", "not-a-guid")), true)).toThrow(/tenantId/);
    expect(fs.existsSync(out)).toBe(false);
  });
});

describe("merging an import into an existing mappings file", () => {
  const CONNECTOR = "9359814a-7403-4af9-9113-d5c8cab020ed";
  const GRAPH = "00000003-0000-0000-c000-000000000000";
  const existing = [
    "# reviewed by hand",
    "shards: [fleet-00, fleet-01]",
    "consentDefaults: { applicationId: " +
      CONNECTOR +
      ", displayName: Rewst CSP Connector, grantProfile: mine }",
    "grantProfiles:",
    "  mine: [{ enterpriseApplicationId: " + GRAPH + ", scopes: [User.Read] }]",
    "customers:",
    "  - name: contoso # our oldest customer",
    "    tenantId: " + T1,
    "    consent: {}",
    "    shard: fleet-01",
    "  - { name: fabrikam, tenantId: " + T2 + ", consent: {} }",
    "exemptions:",
    "  - { policy: gdap-advice, customer: fabrikam, reason: GDAP renewal in progress, expires: 2027-01-31, owner: ops }",
    "",
  ].join("\n");
  // What import found after Contoso renamed itself: other names, another profile, no Fabrikam.
  const imported = {
    consentDefaults: {
      applicationId: CONNECTOR,
      displayName: "Rewst CSP Connector",
      grantProfile: "connector",
    },
    grantProfiles: { connector: [{ enterpriseApplicationId: GRAPH, scopes: ["Directory.Read.All"] }] },
    customers: [
      { name: "contoso-group-plc", tenantId: T1, companyName: "Contoso Group plc", consent: {} },
      { name: "contoso", tenantId: T3, companyName: "Contoso", organizations: [], consent: {} },
    ],
  };

  test("keeps names, comments, shards, pins, profiles and exemptions; appends new customers; lists missing ones", () => {
    const merged = mergeImport(existing, imported, "mappings.yaml");
    const before = parse(existing) as Record<string, unknown[]>;
    const after = parse(merged.text) as Record<string, unknown[]>;
    expect({ ...after, customers: after.customers.slice(0, 2) }).toEqual(before);
    expect(merged.text).toContain("# reviewed by hand");
    expect(merged.text).toContain("- name: contoso # our oldest customer");
    expect(merged.changes).toEqual([
      `+ contoso-2 (${T3}): added with its consent`,
      `! fabrikam (${T2}): not found by import, kept; remove it from the file yourself to offboard it`,
    ]);
    // The added customer's consent is spelled out, so it resolves against this file's defaults.
    const written = path.join(os.tmpdir(), `merged-${process.pid}.yaml`);
    try {
      writeMappingsFile(written, merged.text, true);
    } finally {
      fs.rmSync(written, { force: true });
    }
    expect(merged.text).toMatch(/name: contoso-2[\s\S]*scopes:\s*- Directory\.Read\.All/);
  });

  test("a file it cannot merge into is refused, naming it", () => {
    expect(() => mergeImport("customers: [ {", imported, "mappings.yaml")).toThrow(
      /mappings\.yaml is not a mappings file import can merge into/,
    );
  });
});
