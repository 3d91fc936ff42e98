import type { EngineEvent } from "@pulumi/pulumi/automation";

import { EXIT as REPORT_EXIT } from "../../../provider/cli/exitCodes";
import { buildReport, driftOnly } from "../../../provider/cli/report";
import { renderCsv } from "../../../provider/cli/reportCsv";
import { renderMarkdown } from "../../../provider/cli/reportMarkdown";
import {
  CLIENT_MAPPING_TYPE,
  CPV_CONSENT_TYPE,
  ENTERPRISE_APPLICATION_TYPE,
} from "../../../provider/typeTokens";

const GRAPH = "00000003-0000-0000-c000-000000000000";
const T1 = "11111111-1111-1111-1111-111111111111";
const urn = (type: string, name: string) => `urn:pulumi:prod::p::${type}::${name}`;
const grants = (...scopes: string[]) => [{ enterpriseApplicationId: GRAPH, scopes }];

const step = (op: string, type: string, name: string, old?: object, news?: object): EngineEvent =>
  ({
    sequence: 0,
    timestamp: 0,
    resourcePreEvent: {
      metadata: {
        op,
        urn: urn(type, name),
        type,
        provider: "",
        ...(old ? { old: { outputs: old, inputs: {} } } : {}),
        ...(news ? { new: { inputs: news } } : {}),
      },
    },
  }) as unknown as EngineEvent;

const policy = (
  name: string,
  level: "mandatory" | "warning",
  message: string,
  resourceUrn?: string,
): EngineEvent => ({
  sequence: 0,
  timestamp: 0,
  policyEvent: {
    policyName: name,
    enforcementLevel: level,
    message,
    color: "",
    policyPackName: "rewst-csp",
    policyPackVersion: "",
    policyPackVersionTag: "",
    ...(resourceUrn ? { resourceUrn } : {}),
  },
});

const mapping = step("same", CLIENT_MAPPING_TYPE, "contoso-org", {
  customerTenantId: T1,
  organizationId: "org-1",
  companyName: "Contoso",
});
const observed = {
  customerTenantId: T1,
  status: "active",
  servicePrincipalObjectId: "sp-1",
  grants: grants("Directory.Read.All", "Mail.Send"),
  declaredGrants: grants("Directory.Read.All", "User.Read"),
};

describe("drift report", () => {
  // After a settings change (the emulator on another port) the report said drift: the default
  // provider's recorded settings differ until the next `up`, and no tenant is concerned.
  test("a provider whose recorded settings changed is no drift", () => {
    const report = buildReport("prod", [
      mapping,
      step(
        "update",
        "pulumi:providers:pulumi-nodejs",
        "default",
        { "rewst-csp:graphUrl": "https://127.0.0.1:1" },
        { "rewst-csp:graphUrl": "https://127.0.0.1:2" },
      ),
    ]);
    expect([report.exitCode, report.changes]).toEqual([REPORT_EXIT.clean, []]);
  });

  test("no change and no violation is clean", () => {
    const report = buildReport("prod", [
      step("refresh", CPV_CONSENT_TYPE, "contoso-consent", observed),
      mapping,
      step(
        "same",
        CPV_CONSENT_TYPE,
        "contoso-consent",
        { ...observed, grants: observed.declaredGrants },
        {
          customerTenantId: T1,
          grants: observed.declaredGrants,
        },
      ),
    ]);
    expect(report.exitCode).toBe(REPORT_EXIT.clean);
    expect(report.customers).toEqual([
      {
        tenantId: T1,
        company: "Contoso",
        mappings: [{ organizationId: "org-1", change: "none" }],
        consent: {
          change: "none",
          status: "active",
          servicePrincipalObjectId: "sp-1",
          missingScopes: [],
          extraScopes: [],
          missingAppRoles: [],
          extraAppRoles: [],
        },
        leftovers: [],
        violations: [],
      },
    ]);
    expect(renderMarkdown(report)).toContain("✅ No drift");
  });

  test("a replacement lists missing and extra scopes as written and exits 5", () => {
    const report = buildReport("prod", [
      mapping,
      step("replace", CPV_CONSENT_TYPE, "contoso-consent", observed, {
        customerTenantId: T1,
        grants: observed.declaredGrants,
      }),
    ]);
    expect(report.exitCode).toBe(REPORT_EXIT.drift);
    expect(report.customers[0].consent).toMatchObject({
      change: "replace",
      missingScopes: ["User.Read"],
      extraScopes: ["Mail.Send"],
    });
    const markdown = renderMarkdown(report);
    expect(markdown).toContain("⚠️ Drift: 1 resource change planned.");
    expect(markdown).toContain(
      "| Contoso | `11111111-1111-1111-1111-111111111111` | org-1 | active → replace | User.Read | Mail.Send | `sp-1` | — |",
    );
  });

  test("a mandatory violation wins over drift (exit 3); violations land on the customer they name", () => {
    const report = buildReport("prod", [
      mapping,
      step("create", CLIENT_MAPPING_TYPE, "contoso-org-2", undefined, {
        customerTenantId: T1,
        organizationId: "org-2",
      }),
      policy(
        "csp-connector-sp-drift",
        "mandatory",
        `The CSP Connector's service principal in Contoso (${T1}) was re-created.`,
        urn(CLIENT_MAPPING_TYPE, "contoso-org"),
      ),
      // Joined on the URN, never on the text: naming the tenant without one lands elsewhere.
      policy(
        "org-linked-to-multiple-customers",
        "warning",
        `Organization org-9 is linked to ${T1} and more.`,
      ),
      policy("rewst-prod-sp-present", "warning", "Rewst Prod in tenant partner is missing."),
    ]);
    expect(report.exitCode).toBe(REPORT_EXIT.mandatoryViolation);
    expect(report.customers[0].mappings).toEqual([
      { organizationId: "org-1", change: "none" },
      { organizationId: "org-2", change: "create (not linked in Rewst)" },
    ]);
    expect(report.customers[0].violations).toEqual([
      expect.objectContaining({ policy: "csp-connector-sp-drift", level: "mandatory" }),
    ]);
    expect(report.otherViolations).toEqual([
      expect.objectContaining({ policy: "org-linked-to-multiple-customers" }),
      expect.objectContaining({ policy: "rewst-prod-sp-present", level: "advisory" }),
    ]);
    const markdown = renderMarkdown(report);
    expect(markdown).toContain("❌ 1 mandatory policy violation; 1 resource change planned.");
    expect(markdown).toContain(
      "- **[advisory] rewst-prod-sp-present**: Rewst Prod in tenant partner is missing.",
    );
  });

  test("text from tenants reaches the comment inert: no links, HTML, mentions or extra table cells", () => {
    const hostile = "Evil [click](https://x.example) <img src=x onerror=alert(1)> @acme/admins | `code`";
    const report = buildReport("prod", [
      step("same", CLIENT_MAPPING_TYPE, "evil-org", {
        customerTenantId: T1,
        organizationId: "org-1",
        companyName: hostile,
      }),
    ]);
    const row = renderMarkdown(report)
      .split("\n")
      .find((line) => line.startsWith("| Evil"))!;
    expect(row).not.toMatch(/(^|[^\\])\[click\]/);
    expect(row).not.toMatch(/(^|[^\\])<img/);
    expect(row).not.toContain("@acme");
    expect(row).not.toContain("https://");
    // 8 cells: escaped pipes do not split the row.
    expect(row.split(/(?<!\\)\|/).length - 2).toBe(8);
  });

  test("a resource error is never hidden by a mandatory violation: exit 1 and the error listed", () => {
    const failure: EngineEvent = {
      sequence: 0,
      timestamp: 0,
      diagnosticEvent: {
        urn: urn(CPV_CONSENT_TYPE, "contoso-consent"),
        prefix: "error: ",
        message: "[CANNOT_OBSERVE_TENANT] cannot observe tenant t because AADSTS50020",
        color: "never",
        severity: "error",
      },
    };
    const report = buildReport("prod", [
      mapping,
      policy("csp-connector-sp-drift", "mandatory", `The principal in Contoso (${T1}) was re-created.`),
      failure,
    ]);
    expect(report.exitCode).toBe(REPORT_EXIT.error);
    expect(report.errors.map((e) => e.urn)).toEqual([urn(CPV_CONSENT_TYPE, "contoso-consent")]);
    expect(report.errors[0].message).toContain("CANNOT_OBSERVE_TENANT");
    const markdown = renderMarkdown(report);
    expect(markdown).toContain("🛑 The preview failed for 1 resource; the report is incomplete.");
    expect(markdown).toContain("- contoso-consent: \\[CANNOT\\_OBSERVE\\_TENANT\\] cannot observe tenant t");
  });
});

describe("CSV and drift-only views", () => {
  const T2 = "22222222-2222-2222-2222-222222222222";
  const withRoles = (scopes: string[], appRoles: string[]) => [
    { enterpriseApplicationId: GRAPH, scopes, appRoles },
  ];
  const events = () => [
    mapping,
    step(
      "update",
      CPV_CONSENT_TYPE,
      "contoso-consent",
      {
        ...observed,
        grants: withRoles(["Directory.Read.All"], ["Group.Read.All"]),
        declaredGrants: withRoles(["Directory.Read.All"], ["User.Read.All"]),
        staleServicePrincipals: [
          {
            objectId: "old-sp",
            appId: "9359814a-7403-4af9-9113-d5c8cab020ed",
            displayName: "Rewst CSP Connector",
          },
        ],
      },
      { customerTenantId: T1, grants: withRoles(["Directory.Read.All"], ["User.Read.All"]) },
    ),
    step("same", CLIENT_MAPPING_TYPE, "fabrikam-org", {
      customerTenantId: T2,
      organizationId: "org-2",
      companyName: '=HYPERLINK("x"), Fabrikam',
    }),
    step("delete", CPV_CONSENT_TYPE, "gone-consent", {
      customerTenantId: "33333333-3333-3333-3333-333333333333",
      applicationId: "app-1",
      status: "active",
      servicePrincipalObjectId: "sp-3",
      createdServicePrincipalObjectId: "sp-3",
      keepServicePrincipal: true,
      grants: [],
    }),
  ];

  test("one row per customer with app role drift, leftovers and quoted, formula-inert text", () => {
    const csv = renderCsv(buildReport("prod", events())).split("\r\n");
    expect(csv[0]).toBe(
      "stack,company,tenantId,mappings,consentStatus,consentChange,missingScopes,extraScopes,missingAppRoles,extraAppRoles,servicePrincipalObjectId,leftovers,violations",
    );
    expect(csv).toContain(
      `prod,Contoso,${T1},org-1,active,update,,,User.Read.All,Group.Read.All,sp-1,"stale principal Rewst CSP Connector (app 9359814a-7403-4af9-9113-d5c8cab020ed, object old-sp)",`,
    );
    // A company name that a spreadsheet would run as a formula, holding a comma and quotes.
    expect(csv).toContain(`prod,"'=HYPERLINK(""x""), Fabrikam",${T2},org-2,not managed,,,,,,,,`);
    expect(csv).toContain(
      'prod,,33333333-3333-3333-3333-333333333333,,active,delete,,,,,sp-3,"kept principal of app app-1 (object sp-3), no consent",',
    );
    expect(csv[csv.length - 1]).toBe("");
    // A principal the consent found there (adopted) stays on removal, and the report says why.
    const adopted = step("delete", CPV_CONSENT_TYPE, "adopted-consent", {
      customerTenantId: "44444444-4444-4444-8444-444444444444",
      applicationId: "app-1",
      status: "active",
      servicePrincipalObjectId: "sp-4",
      grants: [],
    });
    expect(renderCsv(buildReport("prod", [adopted]))).toContain(
      "kept principal of app app-1 (object sp-4), no consent (not created by this consent, so never deleted by it)",
    );
  });

  test("drift only keeps the customers with a change, a violation or a leftover", () => {
    const report = driftOnly(buildReport("prod", events()));
    expect(report.customers.map((c) => c.tenantId).sort()).toEqual([
      T1,
      "33333333-3333-3333-3333-333333333333",
    ]);
    expect(renderMarkdown(report)).toContain("### Left in customer tenants");
  });
});

/** The event with the keys the engine names as changed. */
const withDiffs = (event: EngineEvent, diffs: string[]): EngineEvent => {
  const meta = event.resourcePreEvent!.metadata;
  return { ...event, resourcePreEvent: { metadata: { ...meta, diffs } } };
};

describe("the plan in words", () => {
  const T3 = "33333333-3333-3333-3333-333333333333";
  const consent = {
    customerTenantId: T3,
    applicationId: "app-1",
    status: "active",
    servicePrincipalObjectId: "sp-3",
    createdServicePrincipalObjectId: "sp-3",
    grants: [],
  };
  const effects = (events: EngineEvent[]) => buildReport("prod", events).changes.map((c) => c.effect);

  test("each removal says what it revokes, deletes or unlinks, and what stays", () => {
    expect(
      effects([
        step("delete", CPV_CONSENT_TYPE, "a", consent),
        step("delete", CPV_CONSENT_TYPE, "b", { ...consent, keepServicePrincipal: true }),
        step("delete", CPV_CONSENT_TYPE, "c", {
          ...consent,
          via: "rewst",
          createdServicePrincipalObjectId: "",
        }),
        step("delete", CLIENT_MAPPING_TYPE, "d", {
          customerTenantId: T3,
          organizationId: "org-3",
          companyName: "Tailspin",
        }),
        step("delete", ENTERPRISE_APPLICATION_TYPE, "e", {
          tenantId: T3,
          applicationId: "app-2",
          objectId: "sp-9",
          adopted: false,
        }),
        step("delete", ENTERPRISE_APPLICATION_TYPE, "f", {
          tenantId: T3,
          applicationId: "app-2",
          objectId: "sp-9",
          adopted: true,
        }),
      ]),
    ).toEqual([
      `revokes the consent of app-1 in tenant ${T3} at Partner Center, then deletes its service principal sp-3`,
      `revokes the consent of app-1 in tenant ${T3} at Partner Center (its service principal sp-3 stays)`,
      `revokes the consent of app-1 in tenant ${T3} through Rewst (its service principal sp-3 stays)`,
      `unlinks organization org-3 from Tailspin (${T3}) in Rewst`,
      `deletes the service principal sp-9 of app app-2 in tenant ${T3}`,
      `forgets the service principal of app app-2 in tenant ${T3} (it was there before: it stays)`,
    ]);
  });

  test("creates and updates say what they send; a state-only update says it sends nothing", () => {
    const declared = { customerTenantId: T3, applicationId: "app-1", grants: grants("User.Read") };
    const [create, repair, recorded] = buildReport("prod", [
      step("create", CPV_CONSENT_TYPE, "g", undefined, declared),
      step("update", CPV_CONSENT_TYPE, "h", consent, declared),
      withDiffs(step("update", CPV_CONSENT_TYPE, "i", consent, declared), ["shardOrigin"]),
    ]).changes;
    expect(create.effect).toBe(`consents app-1 in tenant ${T3}`);
    expect(repair.effect).toBe(
      "brings the grants to the declaration in place through Graph (the consent stays)",
    );
    expect(recorded.effect).toBe("records shardOrigin in state (no request to the tenant)");
    expect(
      renderMarkdown(buildReport("prod", [step("create", CPV_CONSENT_TYPE, "g", undefined, declared)])),
    ).toContain(`- \`create\` g: consents app-1 in tenant ${T3}`);
  });
});
