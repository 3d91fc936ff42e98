/**
 * Bad inputs and bad settings fail `pulumi preview` with an error naming the field, before anything
 * is written: the emulator sees no write request.
 */
import type { RunningEmulator } from "../../emulator/server";
import { DEFAULT_IDENTITIES as ids, generateSeed } from "../../emulator/state/seed";
import { WELL_KNOWN_APP_IDS } from "../../provider/contracts/identity";
import { cspWorkspace, setFixture } from "./support/cspStack";
import type { PulumiWorkspace } from "./support/workspace";
import { useEmulatorStack } from "./support/emulatorStack";

jest.setTimeout(600_000);

const STACK = "inputs";
const GRAPH = WELL_KNOWN_APP_IDS.microsoftGraph;
const seed = generateSeed({ customerCount: 1 });
const TENANT = seed.customers[0].tenantId;
const ORG = seed.rewst.organizations[0].id;

const consent = (overrides: Record<string, unknown> = {}) => ({
  applicationId: ids.rewstCspConnectorAppId,
  displayName: "Rewst CSP Connector",
  grants: [{ enterpriseApplicationId: GRAPH, scopes: ["Directory.Read.All"] }],
  ...overrides,
});
const withConsent = (overrides: Record<string, unknown>) => ({
  customers: [{ name: "x", tenantId: TENANT, consent: consent(overrides) }],
});
const withMapping = (overrides: Record<string, unknown>) => ({
  customers: [{ name: "x", tenantId: TENANT, organizationId: ORG, ...overrides }],
});
const withApp = (app: Record<string, unknown>) => ({
  customers: [],
  enterpriseApps: [{ name: "app", ...app }],
});
const validConsent = withConsent({});

interface Case {
  name: string;
  fixture: { customers: unknown[]; enterpriseApps?: unknown[] };
  config?: { key: string; value?: string };
  expected: RegExp;
}

const CASES: Case[] = [
  {
    name: "mapping tenant id is not a GUID",
    fixture: withMapping({ tenantId: "contoso.onmicrosoft.com" }),
    expected: /customerTenantId.*must be a GUID/,
  },
  {
    name: "mapping organization id is empty",
    fixture: withMapping({ organizationId: "" }),
    expected: /organizationId.*must be a Rewst organization id/,
  },
  {
    name: "consent application id is not a GUID",
    fixture: withConsent({ applicationId: "rewst" }),
    expected: /applicationId.*must be a GUID/,
  },
  {
    name: "consent display name is empty",
    fixture: withConsent({ displayName: "" }),
    expected: /displayName.*must not be empty/,
  },
  {
    name: "consent without grants",
    fixture: withConsent({ grants: [] }),
    expected: /grants.*must hold at least one grant/,
  },
  {
    name: "grant without scopes",
    fixture: withConsent({ grants: [{ enterpriseApplicationId: GRAPH, scopes: [] }] }),
    expected: /grants\[0\]\.scopes.*must list at least one scope/,
  },
  {
    name: "scope with a space",
    fixture: withConsent({ grants: [{ enterpriseApplicationId: GRAPH, scopes: ["Directory Read"] }] }),
    expected: /grants\[0\]\.scopes\[0\].*must be a permission value/,
  },
  {
    name: "scopes joined by a comma",
    fixture: withConsent({ grants: [{ enterpriseApplicationId: GRAPH, scopes: ["User.Read,Mail.Read"] }] }),
    expected: /grants\[0\]\.scopes\[0\].*no spaces or commas/,
  },
  {
    name: "resource app id is not a GUID",
    fixture: withConsent({ grants: [{ enterpriseApplicationId: "graph", scopes: ["User.Read"] }] }),
    expected: /grants\[0\]\.enterpriseApplicationId.*must be a GUID/,
  },
  {
    name: "the same resource granted twice",
    fixture: withConsent({
      grants: [
        { enterpriseApplicationId: GRAPH, scopes: ["User.Read"] },
        { enterpriseApplicationId: GRAPH, scopes: ["Mail.Read"] },
      ],
    }),
    expected: /grants\[1\]\.enterpriseApplicationId.*is granted twice/,
  },
  {
    name: "a scope listed twice",
    fixture: withConsent({
      grants: [{ enterpriseApplicationId: GRAPH, scopes: ["User.Read", "user.read"] }],
    }),
    expected: /grants\[0\]\.scopes.*lists user\.read twice/,
  },
  {
    name: "scopes over Graph's 3,850-character limit for a grant",
    fixture: withConsent({
      grants: [
        {
          enterpriseApplicationId: GRAPH,
          scopes: Array.from({ length: 400 }, (_, i) => `Scope${i}.ReadWrite.All`),
        },
      ],
    }),
    expected: /grants\[0\]\.scopes.*3850-character limit Microsoft Graph documents/,
  },
  {
    name: "unknown consent channel",
    fixture: withConsent({ via: "email" }),
    expected: /via.*must be "partnerCenter" or "rewst"/,
  },
  {
    name: "consent tenant id is not a GUID",
    fixture: { customers: [{ name: "x", tenantId: "customer-1", consent: consent() }] },
    expected: /customerTenantId.*must be a GUID/,
  },
  {
    name: "enterprise app tenant is not a GUID",
    fixture: withApp({ tenantId: "partner", applicationId: ids.rewstProdAppId }),
    expected: /tenantId.*must be a GUID/,
  },
  {
    name: "enterprise app without an application id",
    fixture: withApp({ tenantId: ids.partnerTenantId }),
    expected: /applicationId.*is required/,
  },
  {
    name: "partner app id missing",
    fixture: validConsent,
    config: { key: "rewst-csp:partnerAppId" },
    expected: /rewst-csp:partnerAppId is required/,
  },
  {
    name: "partner tenant id not a GUID",
    fixture: validConsent,
    config: { key: "rewst-csp:partnerTenantId", value: "contoso" },
    expected: /rewst-csp:partnerTenantId must be a GUID/,
  },
  {
    name: "Graph URL not https",
    fixture: validConsent,
    config: { key: "rewst-csp:graphUrl", value: "http://graph.example" },
    expected: /rewst-csp:graphUrl must be an https URL/,
  },
  {
    name: "rate limit not a number",
    fixture: validConsent,
    config: { key: "rewst-csp:partnerCenterRequestsPerSecond", value: "fast" },
    expected: /rewst-csp:partnerCenterRequestsPerSecond must be a number/,
  },
  {
    name: "unknown consent drift handling",
    fixture: validConsent,
    config: { key: "rewst-csp:consentDrift", value: "ignore" },
    expected: /rewst-csp:consentDrift must be "repair" or "report"/,
  },
  {
    name: "no Rewst credentials",
    fixture: withMapping({}),
    config: { key: "rewst-csp:rewstApiToken" },
    expected: /rewst-csp:rewstCookie or rewst-csp:rewstApiToken is required/,
  },
  {
    name: "Rewst URL not https",
    fixture: withMapping({}),
    config: { key: "rewst-csp:rewstGraphqlUrl", value: "ftp://rewst" },
    expected: /rewst-csp:rewstGraphqlUrl must be an https URL/,
  },
  {
    name: "a provider secret stored in plaintext",
    fixture: validConsent,
    config: { key: "rewst-csp:partnerAppSecret", value: ids.mspAppSecret },
    expected: /secrets are stored in plaintext stack config: rewst-csp:partnerAppSecret/,
  },
];

describe("bad inputs and settings fail preview naming the field, with no write", () => {
  let emulator: RunningEmulator;
  let ws: PulumiWorkspace;

  useEmulatorStack({ seed, workspace: (e) => cspWorkspace(STACK, e) }, (started) => {
    ({ emulator, ws } = started);
  });

  test("the table has at least 20 cases", () => {
    expect(CASES.length).toBeGreaterThanOrEqual(20);
  });

  test.each(CASES)("$name", async ({ fixture, config, expected }) => {
    await setFixture(ws, STACK, "customers", fixture.customers);
    await setFixture(ws, STACK, "enterpriseApps", fixture.enterpriseApps ?? []);
    const original = config ? await ws.pulumi(["config", "get", "--stack", STACK, config.key]) : undefined;
    const secret = ["rewst-csp:rewstApiToken", "rewst-csp:partnerAppSecret"].includes(config?.key ?? "");
    if (config) {
      await ws.pulumiOk(
        config.value === undefined
          ? ["config", "rm", "--stack", STACK, config.key]
          : ["config", "set", "--stack", STACK, "--plaintext", config.key, config.value],
      );
    }
    emulator.control.requestLog.length = 0;
    try {
      const preview = await ws.pulumi(["preview", "--stack", STACK]);
      expect(preview.code).not.toBe(0);
      expect(preview.output).toMatch(expected);
      // A JSON batch of reads is a read: the emulator flags what asks for a change.
      const writes = emulator.control.requestLog.filter((e) => e.write && e.route !== "identity.token");
      expect(writes).toEqual([]);
    } finally {
      if (config && original?.code === 0) {
        await ws.pulumiOk([
          "config",
          "set",
          "--stack",
          STACK,
          ...(secret ? ["--secret"] : []),
          config.key,
          original.stdout.trim(),
        ]);
      }
    }
  });
});
