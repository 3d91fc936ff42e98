/**
 * Hostile and mistaken input, across resource inputs, the mappings file, stack config and the
 * command line: each is refused before anything is written, with a message naming the field, and
 * the emulator's request log shows no write at all.
 */
import { spawnSync } from "child_process";
import * as path from "path";

import { type RunningEmulator, startEmulator } from "../emulator/server";
import { DEFAULT_IDENTITIES as ids, IMMEDIATE_CONSISTENCY, generateSeed } from "../emulator/state/seed";
import { CONFIG_KEYS, loadProviderConfig } from "../provider/config/providerConfig";
import { MappingsFileError, parseMappings } from "../provider/mappings/load";
import { clientMappingImplementation } from "../provider/resources/clientMapping/implementation";
import { cpvConsentImplementation } from "../provider/resources/cpvConsent/implementation";
import { enterpriseApplicationImplementation } from "../provider/resources/enterpriseApplication/implementation";
import { emulatorSettings } from "./support/emulatorConfig";
import { type SessionImplementation, providerSession } from "../provider/session";

const GRAPH = "00000003-0000-0000-c000-000000000000";
const MB = "x".repeat(1 << 20);
const NIL = "00000000-0000-0000-0000-000000000000";

const seed = generateSeed({ customerCount: 2, options: IMMEDIATE_CONSISTENCY });
let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ seed });
  emulator.control.requestLog.length = 0;
});
afterAll(async () => {
  // Nothing above wrote anything anywhere.
  expect(emulator.control.requestLog.filter((e) => e.write)).toEqual([]);
  await emulator.stop();
});

describe("resource inputs are refused by check(), naming the property", () => {
  const tenant = seed.customers[0].tenantId;
  const consent = {
    customerTenantId: tenant,
    applicationId: ids.rewstCspConnectorAppId,
    displayName: "Rewst CSP Connector",
    grants: [{ enterpriseApplicationId: GRAPH, scopes: ["Directory.Read.All"] }],
  };
  const cases: [string, SessionImplementation, Record<string, unknown>, string, RegExp][] = [
    [
      "consent: tenant not a GUID",
      cpvConsentImplementation,
      { ...consent, customerTenantId: "contoso" },
      "customerTenantId",
      /GUID/,
    ],
    [
      "consent: nil tenant GUID",
      cpvConsentImplementation,
      { ...consent, customerTenantId: NIL },
      "customerTenantId",
      /nil GUID/,
    ],
    [
      "consent: nil app GUID",
      cpvConsentImplementation,
      { ...consent, applicationId: NIL },
      "applicationId",
      /nil GUID/,
    ],
    [
      "consent: blank display name",
      cpvConsentImplementation,
      { ...consent, displayName: "   " },
      "displayName",
      /blank/,
    ],
    [
      "consent: display name with stray spaces",
      cpvConsentImplementation,
      { ...consent, displayName: " Rewst " },
      "displayName",
      /spaces/,
    ],
    [
      "consent: 1 MB display name",
      cpvConsentImplementation,
      { ...consent, displayName: MB },
      "displayName",
      /at most 256/,
    ],
    [
      "consent: no grants",
      cpvConsentImplementation,
      { ...consent, grants: [] },
      "grants",
      /at least one grant/,
    ],
    [
      "consent: empty scope list",
      cpvConsentImplementation,
      { ...consent, grants: [{ enterpriseApplicationId: GRAPH, scopes: [] }] },
      "grants[0].scopes",
      /at least one scope/,
    ],
    [
      "consent: scope with a space",
      cpvConsentImplementation,
      { ...consent, grants: [{ enterpriseApplicationId: GRAPH, scopes: ["User.Read Mail.Send"] }] },
      "grants[0].scopes[0]",
      /permission value/,
    ],
    [
      "consent: 1 MB scope string",
      cpvConsentImplementation,
      { ...consent, grants: [{ enterpriseApplicationId: GRAPH, scopes: [`A${MB}`] }] },
      "grants[0].scopes",
      /8000-character/,
    ],
    [
      "consent: a resource granted twice",
      cpvConsentImplementation,
      {
        ...consent,
        grants: [consent.grants[0], { enterpriseApplicationId: GRAPH.toUpperCase(), scopes: ["User.Read"] }],
      },
      "grants[1].enterpriseApplicationId",
      /granted twice/,
    ],
    [
      "consent: a scope listed twice in two cases",
      cpvConsentImplementation,
      { ...consent, grants: [{ enterpriseApplicationId: GRAPH, scopes: ["User.Read", "user.read"] }] },
      "grants[0].scopes",
      /twice/,
    ],
    [
      "consent: unknown channel",
      cpvConsentImplementation,
      { ...consent, via: "portal" },
      "via",
      /partnerCenter/,
    ],
    ["consent: unknown field", cpvConsentImplementation, { ...consent, constructor: "x" }, "", /constructor/],
    [
      "mapping: organization not a GUID",
      clientMappingImplementation,
      { customerTenantId: tenant, organizationId: "contoso-org" },
      "organizationId",
      /Rewst organization id/,
    ],
    [
      "mapping: nil organization",
      clientMappingImplementation,
      { customerTenantId: tenant, organizationId: NIL },
      "organizationId",
      /nil GUID/,
    ],
    [
      "mapping: 1 MB organization",
      clientMappingImplementation,
      { customerTenantId: tenant, organizationId: MB },
      "organizationId",
      /GUID/,
    ],
    [
      "enterprise app: app id not a GUID",
      enterpriseApplicationImplementation,
      { tenantId: ids.partnerTenantId, applicationId: "rewst-prod" },
      "applicationId",
      /GUID/,
    ],
  ];
  test.each(cases)("%s", async (_name, impl, news, property, reason) => {
    const result = await impl.check({}, news, providerSession(emulatorSettings(emulator)));
    const failures = result.failures ?? [];
    expect(failures.length).toBeGreaterThan(0);
    const failure = failures.find((f) => reason.test(`${f.property} ${f.reason}`));
    expect(failure).toBeDefined();
    if (property) expect(failure?.property).toBe(property);
  });
});

describe("the mappings file is refused with file, line and field", () => {
  const O1 = "a1a1a1a1-0000-4000-8000-000000000001";
  const T1 = seed.customers[0].tenantId;
  const T2 = seed.customers[1].tenantId;
  const file = (customers: string, head = "") =>
    `${head}consentDefaults: { applicationId: ${ids.rewstCspConnectorAppId}, displayName: Rewst CSP Connector, grantProfile: connector }
grantProfiles:
  connector: [{ enterpriseApplicationId: ${GRAPH}, scopes: [Directory.Read.All] }]
customers:
${customers}`;
  const bomb = `a: &a ["x","x","x","x","x","x","x","x","x"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: [*g,*g,*g,*g,*g,*g,*g,*g,*g]
customers: []
`;
  const cases: [string, string, RegExp][] = [
    [
      "grant profile named constructor",
      file(`  - { name: a, tenantId: ${T1}, consent: { grantProfile: constructor } }`),
      /customers\[0\]\.consent\.grantProfile names the grant profile "constructor"/,
    ],
    [
      "grant profile named toString",
      file(`  - { name: a, tenantId: ${T1}, consent: { grantProfile: toString } }`),
      /grantProfile names the grant profile "toString"/,
    ],
    [
      "grant profile named __proto__",
      file(`  - { name: a, tenantId: ${T1}, consent: { grantProfile: __proto__ } }`),
      /grantProfile names the grant profile "__proto__"/,
    ],
    [
      "a __proto__ key",
      file(`  - { name: a, tenantId: ${T1}, __proto__: { name: b } }`),
      /customers\[0\]\.__proto__ is not a known field/,
    ],
    [
      "the same organization on two customers",
      file(
        `  - { name: a, tenantId: ${T1}, organizations: [${O1}] }\n  - { name: b, tenantId: ${T2}, organizations: [${O1}] }`,
      ),
      /customers\[1\]\.organizations\[0\] repeats organization/,
    ],
    [
      "the same tenant in upper and lower case",
      file(`  - { name: a, tenantId: ${T1} }\n  - { name: b, tenantId: ${T1.toUpperCase()} }`),
      /customers\[1\]\.tenantId repeats tenant/,
    ],
    [
      "a nil tenant",
      file(`  - { name: a, tenantId: ${NIL} }`),
      /customers\[0\]\.tenantId must not be the nil GUID/,
    ],
    [
      "a name with spaces",
      file(`  - { name: " a", tenantId: ${T1} }`),
      /customers\[0\]\.name must be lower-case/,
    ],
    [
      "a 1 MB company name",
      file(`  - { name: a, tenantId: ${T1}, companyName: ${MB} }`),
      /customers\[0\]\.companyName must be at most 256/,
    ],
    [
      "a blank display name",
      file(`  - { name: a, tenantId: ${T1}, consent: { displayName: "  " } }`),
      /customers\[0\]\.consent\.displayName must not be blank/,
    ],
    ["a YAML alias bomb", bomb, /not usable YAML: .*alias/i],
    ["a duplicate key", file(`  - { name: a, name: b, tenantId: ${T1} }`), /not valid YAML: .*unique/i],
    ["a list instead of a mapping", "- a\n- b\n", /must be a YAML mapping/],
    ["an oversized file", `# ${"x".repeat(8_000_001)}\ncustomers: []\n`, /more than the 8000000/],
  ];
  test.each(cases)("%s", (_name, text, message) => {
    let error: unknown;
    try {
      parseMappings(text, "mappings.yaml");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MappingsFileError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).toContain("nothing was applied");
  });
});

describe("stack config is refused naming the key, never echoing the value", () => {
  const valid: Record<string, string> = {
    "rewst-csp:partnerTenantId": ids.partnerTenantId,
    "rewst-csp:partnerAppId": ids.mspAppId,
    "rewst-csp:partnerAppSecret": "s",
    "rewst-csp:partnerRefreshToken": "r",
  };
  const cases: [string, Record<string, string>, RegExp][] = [
    [
      "tenant not a GUID",
      { "rewst-csp:partnerTenantId": "contoso.onmicrosoft.com" },
      /partnerTenantId must be a GUID/,
    ],
    [
      "plain-http Graph",
      { "rewst-csp:graphUrl": "http://graph.microsoft.com" },
      /graphUrl must be an https URL/,
    ],
    ["negative retries", { "rewst-csp:maxRetries": "-1" }, /maxRetries must be positive/],
    [
      "fractional deadline",
      { "rewst-csp:requestDeadlineSeconds": "1.5" },
      /requestDeadlineSeconds must be a whole number/,
    ],
    [
      "text where a number goes",
      { "rewst-csp:maxRetryAfterSeconds": "soon" },
      /maxRetryAfterSeconds must be a number/,
    ],
    [
      "unknown drift mode",
      { "rewst-csp:consentDrift": "ignore" },
      /consentDrift must be "repair" or "report"/,
    ],
    ["empty secret", { "rewst-csp:partnerAppSecret": "" }, /partnerAppSecret/],
  ];
  test.each(cases)("%s", (_name, override, message) => {
    const lookup = (key: string) => ({ ...valid, ...override })[key];
    let error: unknown;
    try {
      loadProviderConfig(lookup, CONFIG_KEYS.microsoft);
    } catch (e) {
      error = e;
    }
    expect((error as Error).message).toMatch(message);
    for (const value of Object.values(override).filter((v) => v.length > 2))
      expect((error as Error).message).not.toContain(value);
  });
});

describe("command-line flags are refused naming the flag", () => {
  const MAIN = path.resolve(__dirname, "../dist/provider/cli/main.js");
  const cases: [string, string[], RegExp][] = [
    ["an unknown command", ["frobnicate"], /unknown command frobnicate/],
    ["no stack", ["import", "--out", "m.yaml"], /--stack is required/],
    [
      "a connector app id not a GUID",
      ["import", "--stack", "s", "--out", "m.yaml", "--connector-app-id", "rewst"],
      /--connector-app-id must be a GUID/,
    ],
    [
      "a nil Rewst Prod app id",
      ["import", "--stack", "s", "--out", "m.yaml", "--rewst-prod-app-id", NIL],
      /--rewst-prod-app-id must not be the nil GUID/,
    ],
    [
      "an output that is not YAML",
      ["import", "--stack", "s", "--out", "/etc/passwd"],
      /--out must name a \.yaml or \.yml file/,
    ],
    ["an unknown flag", ["report", "--stack", "s", "--frobnicate"], /Unknown option '--frobnicate'/],
    [
      "an output that is Markdown",
      ["import", "--stack", "s", "--out", "mappings.md"],
      /--out must name a \.yaml or \.yml file/,
    ],
  ];
  test.each(cases)("%s", (_name, args, message) => {
    const result = spawnSync(process.execPath, [MAIN, ...args], { encoding: "utf8" });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(message);
  });
});
