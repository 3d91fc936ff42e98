import * as fs from "fs";
import * as path from "path";

import Ajv from "ajv";

import type { CustomerReport, DriftReport } from "../../../provider/cli/reportModel";
import { renderSarif } from "../../../provider/cli/reportSarif";
import { mappingsLines } from "../../../provider/mappings/lines";

const SCHEMA = path.resolve(__dirname, "../../fixtures/sarif/sarif-schema-2.1.0.json");
const T1 = "11111111-1111-4111-8111-111111111111";
const T2 = "22222222-2222-4222-8222-222222222222";

const MAPPINGS = `# customers of the fleet
consentDefaults:
  applicationId: 9359814a-7403-4af9-9113-d5c8cab020ed
enterpriseApplications:
  - { name: rewst-prod, tenantId: 33333333-3333-4333-8333-333333333333, applicationId: 06bfda05-2d5e-4b3b-ac5d-79f07e402973 }
customers:
  - name: contoso
    tenantId: ${T1}
    consent: {}
  # the second one
  - name: fabrikam
    companyName: Fabrikam
    tenantId: ${T2.toUpperCase()}
    consent: {}
exemptions:
  - { policy: gdap-advice, customer: "*", reason: r, expires: 2026-01-01, owner: o }
  # renewed every quarter
  - policy: csp-connector-sp-drift
    customer: contoso
`;

const customer = (tenantId: string, company: string, extra: Partial<CustomerReport>): CustomerReport => ({
  tenantId,
  company,
  mappings: [],
  leftovers: [],
  violations: [],
  ...extra,
});

const REPORT: DriftReport = {
  stack: "prod",
  exitCode: 3,
  changes: [],
  customers: [
    customer(T1, "Contoso", {
      violations: [
        { policy: "csp-connector-sp-drift", level: "mandatory", message: "Mail.Send is extra" },
        {
          policy: "exemptions-valid",
          level: "mandatory",
          message: "Every exemption in the mappings file …\nexemptions[1] (…) expired on …",
        },
      ],
    }),
    customer(T2, "Fabrikam", {
      consent: {
        change: "update",
        status: "active",
        servicePrincipalObjectId: "sp-2",
        missingScopes: ["User.Read"],
        extraScopes: [],
        missingAppRoles: [],
        extraAppRoles: [],
      },
      violations: [{ policy: "gdap-expiring", level: "advisory", message: "ends in 10 days" }],
    }),
  ],
  otherViolations: [
    { policy: "rewst-prod-sp-present", level: "mandatory", message: "Rewst Prod is missing" },
    { policy: "exemptions-valid", level: "mandatory", message: "exemptions[0] (…) names a policy …" },
  ],
  errors: [{ urn: "urn:pulumi:prod::p::x::y", message: "HTTP 503 after retries" }],
  exemptions: [],
};

describe("rewst-csp report --sarif", () => {
  const sarif = JSON.parse(
    renderSarif(REPORT, { uri: "stacks/mappings.yaml", lines: mappingsLines(MAPPINGS) }, "0.1.0"),
  ) as {
    runs: {
      results: {
        ruleId: string;
        level: string;
        message: { text: string };
        locations: {
          physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } };
        }[];
      }[];
      invocations: { executionSuccessful: boolean }[];
      tool: { driver: { rules: { id: string }[] } };
    }[];
  };

  test("validates against the SARIF 2.1.0 schema (vendored from OASIS)", () => {
    const ajv = new Ajv({ schemaId: "id", allErrors: true });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    ajv.addMetaSchema(require("ajv/lib/refs/json-schema-draft-04.json") as object);
    const validate = ajv.compile(JSON.parse(fs.readFileSync(SCHEMA, "utf8")) as object);
    expect(validate(sarif) ? [] : validate.errors).toEqual([]);
    // The check can fail: a result without a message is refused.
    const broken = structuredClone(sarif) as { runs: { results: { message?: unknown }[] }[] };
    delete broken.runs[0].results[0].message;
    expect(validate(broken)).toBe(false);
  });

  test("each customer's findings land on the line that declares it; the partner tenant's on enterpriseApplications; an exemption's on its entry", () => {
    const placed = sarif.runs[0].results.map((r) => [
      r.ruleId,
      r.level,
      r.locations[0].physicalLocation.artifactLocation.uri,
      r.locations[0].physicalLocation.region.startLine,
    ]);
    expect(placed).toEqual([
      ["csp-connector-sp-drift", "error", "stacks/mappings.yaml", 7],
      ["exemptions-valid", "error", "stacks/mappings.yaml", 18],
      ["gdap-expiring", "warning", "stacks/mappings.yaml", 11],
      ["planned-change", "warning", "stacks/mappings.yaml", 11],
      ["rewst-prod-sp-present", "error", "stacks/mappings.yaml", 4],
      ["exemptions-valid", "error", "stacks/mappings.yaml", 16],
    ]);
    expect(sarif.runs[0].results[3].message.text).toBe(
      `Fabrikam (${T2}): consent active → update; missing scopes User.Read`,
    );
    expect(sarif.runs[0].tool.driver.rules.map((r) => r.id)).toEqual([
      "csp-connector-sp-drift",
      "exemptions-valid",
      "gdap-expiring",
      "planned-change",
      "rewst-prod-sp-present",
    ]);
    expect(sarif.runs[0].invocations[0].executionSuccessful).toBe(false);
  });

  test("a file that does not parse still gives a located result (line 1)", () => {
    const lines = mappingsLines("customers: [\n");
    expect(lines.customers.size).toBe(0);
    expect(lines.enterpriseApplications).toEqual({ line: 1, column: 1 });
  });
});
