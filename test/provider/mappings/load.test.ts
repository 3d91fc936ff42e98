import { MappingsFileError, parseMappings } from "../../../provider/mappings/load";

const T1 = "11111111-1111-1111-1111-111111111111";
const T2 = "22222222-2222-2222-2222-222222222222";
const GRAPH = "00000003-0000-0000-c000-000000000000";
const CONNECTOR = "9359814a-7403-4af9-9113-d5c8cab020ed";
const O1 = "a1a1a1a1-0000-4000-8000-000000000001";
const O2 = "a1a1a1a1-0000-4000-8000-000000000002";
const O3 = "a1a1a1a1-0000-4000-8000-000000000003";

const VALID = `consentDefaults:
  applicationId: ${CONNECTOR}
  displayName: Rewst CSP Connector
  grantProfile: connector
grantProfiles:
  connector:
    - enterpriseApplicationId: ${GRAPH}
      scopes: [Directory.Read.All, User.Read]
customers:
  - name: contoso
    tenantId: ${T1}
    organizations: [${O1}]
    consent: {}
  - name: fabrikam
    tenantId: ${T2}
    organizations: [${O2}, ${O3}]
    consent:
      via: rewst
      grants:
        - enterpriseApplicationId: ${GRAPH}
          scopes: [Directory.Read.All]
`;

/** Replaces one line (1-based) of the valid file. */
const withLine = (line: number, text: string) =>
  VALID.split("\n")
    .map((l, i) => (i === line - 1 ? text : l))
    .join("\n");

const problemsOf = (text: string) => {
  try {
    parseMappings(text, "mappings.yaml");
  } catch (error) {
    if (error instanceof MappingsFileError) return error;
    throw error;
  }
  throw new Error("the file was accepted");
};

describe("mappings file", () => {
  test("a valid file resolves defaults and grant profiles", () => {
    const mappings = parseMappings(VALID);
    expect(mappings.customers).toEqual([
      {
        name: "contoso",
        tenantId: T1,
        organizations: [O1],
        consent: {
          applicationId: CONNECTOR,
          displayName: "Rewst CSP Connector",
          via: "partnerCenter",
          grants: [{ enterpriseApplicationId: GRAPH, scopes: ["Directory.Read.All", "User.Read"] }],
        },
      },
      {
        name: "fabrikam",
        tenantId: T2,
        organizations: [O2, O3],
        consent: {
          applicationId: CONNECTOR,
          displayName: "Rewst CSP Connector",
          via: "rewst",
          grants: [{ enterpriseApplicationId: GRAPH, scopes: ["Directory.Read.All"] }],
        },
      },
    ]);
  });

  // Each case: the malformed text, then the line, field and message expected in the error.
  const cases: [string, string, number, string, RegExp][] = [
    ["YAML syntax error", withLine(11, "    tenantId: [unclosed"), 12, "", /is not valid YAML/],
    [
      "a key repeated in one mapping",
      withLine(12, `    tenantId: ${T1}`),
      12,
      "",
      /is not valid YAML.*unique/i,
    ],
    ["not a mapping at the top", "- just\n- a list\n", 1, "", /must be a YAML mapping/],
    ["no customers list", "grantProfiles: {}\n", 1, "customers", /is required/],
    [
      "tenant id not a GUID",
      withLine(11, "    tenantId: contoso.onmicrosoft.com"),
      11,
      "customers[0].tenantId",
      /must be a GUID/,
    ],
    [
      "name with capitals",
      withLine(10, "  - name: Contoso Ltd"),
      10,
      "customers[0].name",
      /lower-case letters, digits and dashes/,
    ],
    [
      "an unknown field",
      withLine(12, `    organisations: [${O1}]`),
      12,
      "customers[0].organisations",
      /is not a known field/,
    ],
    [
      "the same tenant twice",
      withLine(15, `    tenantId: ${T1}`),
      15,
      "customers[1].tenantId",
      /repeats tenant .* list each customer once/,
    ],
    [
      "the same name twice",
      withLine(14, "  - name: contoso"),
      14,
      "customers[1].name",
      /repeats the name contoso/,
    ],
    [
      "an undefined grant profile",
      withLine(13, "    consent: { grantProfile: admin }"),
      13,
      "customers[0].consent.grantProfile",
      /grant profile "admin", which grantProfiles does not define \(known: connector\)/,
    ],
    [
      "a grant profile named like an Object prototype key",
      withLine(13, "    consent: { grantProfile: constructor }"),
      13,
      "customers[0].consent.grantProfile",
      /grant profile "constructor", which grantProfiles does not define/,
    ],
    [
      "both grants and a profile",
      withLine(18, "      grantProfile: connector"),
      18,
      "customers[1].consent",
      /sets both grants and grantProfile/,
    ],
    [
      "a scope with a space",
      withLine(21, "          scopes: [Directory.Read.All User.Read]"),
      21,
      "customers[1].consent.grants[0].scopes[0]",
      /permission value like Directory\.Read\.All/,
    ],
    [
      "an empty scope list",
      withLine(21, "          scopes: []"),
      21,
      "customers[1].consent.grants[0].scopes",
      /at least one scope/,
    ],
    [
      "an unknown channel",
      withLine(18, "      via: portal"),
      18,
      "customers[1].consent.via",
      /must be "partnerCenter" or "rewst"/,
    ],
    [
      "an empty organization id",
      withLine(12, '    organizations: [""]'),
      12,
      "customers[0].organizations[0]",
      /Rewst organization id/,
    ],
    [
      "a consent app id not a GUID",
      withLine(2, "  applicationId: rewst-connector"),
      2,
      "consentDefaults.applicationId",
      /must be a GUID/,
    ],
  ];

  cases.push(
    [
      "an organization id that is not a GUID",
      withLine(12, "    organizations: [contoso-org]"),
      12,
      "customers[0].organizations[0]",
      /must be a Rewst organization id \(a GUID/,
    ],
    [
      "the same organization under two customers",
      withLine(16, `    organizations: [${O2}, ${O1}]`),
      16,
      "customers[1].organizations[1]",
      /repeats organization .* Rewst links an organization to one customer \(first at customers\[0\]\)/,
    ],
    [
      "the same organization twice in one customer",
      withLine(16, `    organizations: [${O2}, ${O2.toUpperCase()}]`),
      16,
      "customers[1].organizations[1]",
      /repeats organization/,
    ],
    [
      "the nil GUID as a tenant",
      withLine(11, "    tenantId: 00000000-0000-0000-0000-000000000000"),
      11,
      "customers[0].tenantId",
      /must not be the nil GUID/,
    ],
  );

  test.each(cases)("%s is rejected with its line and field", (_name, text, line, field, message) => {
    const error = problemsOf(text);
    const problem = error.problems.find((p) => p.field === field && message.test(p.message));
    expect(problem).toMatchObject({ line });
    expect(error.message).toContain(`mappings.yaml:${line}:`);
    expect(error.message).toContain("nothing was applied");
  });

  test("every problem is reported at once, in file order", () => {
    const text = withLine(11, "    tenantId: nope").replace("  - name: fabrikam", "  - name: Fabrikam");
    const error = problemsOf(text);
    expect(error.problems.map((p) => [p.line, p.field])).toEqual([
      [11, "customers[0].tenantId"],
      [14, "customers[1].name"],
    ]);
  });
});
