import { MappingsFileError, parseMappings } from "../../../provider/mappings/load";

const T1 = "11111111-1111-1111-1111-111111111111";
const FILE = `customers:
  - name: contoso
    tenantId: ${T1}
    organizations: []
enterpriseApplications:
  - name: rewst-prod
    tenantId: ${T1}
    applicationId: 22222222-2222-2222-2222-222222222222
exemptions:
`;

const problemsOf = (exemptions: string): string[] => {
  try {
    parseMappings(FILE + exemptions, "mappings.yaml");
  } catch (error) {
    if (error instanceof MappingsFileError)
      return error.message
        .split("\n")
        .slice(1)
        .map((l) => l.trim());
    throw error;
  }
  throw new Error("the file was accepted");
};

const entry = (fields: Record<string, string>) =>
  `  - ${Object.entries({
    policy: "csp-connector-sp-present",
    customer: "contoso",
    reason: "Migration until January (ticket 4411)",
    expires: "2027-01-31",
    owner: "platform-team",
    ...fields,
  })
    .map(([key, value]) => `${key}: ${value}`)
    .join("\n    ")}\n`;

describe("exemptions in the mappings file", () => {
  test("a customer, an enterprise application or * may be exempted, dates as YAML writes them", () => {
    const mappings = parseMappings(
      FILE +
        entry({}) +
        entry({ customer: "rewst-prod", policy: "rewst-prod-sp-drift" }) +
        entry({ customer: '"*"', policy: "gdap-advice", expires: '"2027-06-30"' }),
    );
    expect(mappings.exemptions.map((e) => [e.customer, e.policy, e.expires])).toEqual([
      ["contoso", "csp-connector-sp-present", "2027-01-31"],
      ["rewst-prod", "rewst-prod-sp-drift", "2027-01-31"],
      ["*", "gdap-advice", "2027-06-30"],
    ]);
  });

  test("every problem is reported at once, with its line and field", () => {
    const problems = problemsOf(
      entry({ customer: "northwind" }) +
        entry({ policy: "exemptions-valid", customer: "rewst-prod" }) +
        entry({ expires: "31/01/2027", customer: '"*"' }) +
        entry({ reason: '""', owner: "ops" }) +
        entry({ owner: "ops" }),
    );
    // In file order, each on the line it concerns.
    expect(problems).toEqual([
      'mappings.yaml:11:15 exemptions[0].customer names "northwind", which is neither a customer nor an enterprise application of this file (use a name from customers or enterpriseApplications, or "*")',
      "mappings.yaml:15:13 exemptions[1].policy cannot exempt exemptions-valid: it is the policy that judges the exemptions",
      "mappings.yaml:23:14 exemptions[2].expires must be a date written YYYY-MM-DD, e.g. 2027-01-31",
      "mappings.yaml:27:13 exemptions[3].reason must not be empty",
      "mappings.yaml:30:5 exemptions[4] exempts csp-connector-sp-present for contoso again (first at exemptions[3]); keep one, with one expiry",
    ]);
  });

  test("reason, expiry and owner are required", () => {
    expect(problemsOf("  - policy: gdap-advice\n    customer: contoso\n")).toEqual([
      expect.stringMatching(/exemptions\[0\]\.reason/),
      expect.stringMatching(/exemptions\[0\]\.expires/),
      expect.stringMatching(/exemptions\[0\]\.owner/),
    ]);
  });
});
