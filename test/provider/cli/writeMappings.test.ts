import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { describeImportChanges, writeMappingsFile } from "../../../provider/cli/writeMappings";

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

  test("the changes against the existing file are listed per customer", () => {
    const before = file(customer("a", T1) + customer("b", T2));
    const after = file(customer("a", T1, `[${T3}]`) + customer("c", T3));
    expect(describeImportChanges(before, after)).toEqual([`~ a (${T1})`, `+ c (${T3})`, `- b (${T2})`]);
    expect(describeImportChanges(before, before)).toEqual([]);
    expect(describeImportChanges(undefined, after)).toEqual([]);
  });
});
