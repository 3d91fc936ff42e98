import { consentWithoutGdap } from "../../policies/consentWithoutGdap";
import { cspConnectorSpDrift } from "../../policies/cspConnectorSpDrift";
import { cspConnectorSpPresent } from "../../policies/cspConnectorSpPresent";
import { gdapAdvice } from "../../policies/gdapAdvice";
import { gdapAutoExtend } from "../../policies/gdapAutoExtend";
import { gdapExpiring } from "../../policies/gdapExpiring";
import { gdapRoleCoverage } from "../../policies/gdapRoleCoverage";
import { orgLinkedToMultipleCustomers } from "../../policies/orgLinkedToMultipleCustomers";
import { rewstProdSpDrift } from "../../policies/rewstProdSpDrift";
import { rewstProdSpPresent } from "../../policies/rewstProdSpPresent";
import { scopeAllowList } from "../../policies/scopeAllowList";
import { staleConnectorServicePrincipals } from "../../policies/staleConnectorServicePrincipals";
import { DEFAULT_CONNECTOR_APP_ID } from "../../policies/lib/resources";
import { REWST_DEFAULT_APP_IDS } from "../../provider/appIds";
import { GRAPH, TENANT_A, TENANT_B, cleanStack, connectorConsent, mapping, rewstProd } from "./cspFixtures";

const EXCHANGE = "00000002-0000-0ff1-ce00-000000000000";
import { runStackPolicy } from "./policyHarness";

const ALL = [
  [rewstProdSpPresent, "mandatory"],
  [rewstProdSpDrift, "mandatory"],
  [cspConnectorSpPresent, "mandatory"],
  [cspConnectorSpDrift, "mandatory"],
  [orgLinkedToMultipleCustomers, "mandatory"],
  [consentWithoutGdap, "advisory"],
  [scopeAllowList, "advisory"],
  [staleConnectorServicePrincipals, "advisory"],
  [gdapRoleCoverage, "mandatory"],
  [gdapExpiring, "advisory"],
  [gdapAutoExtend, "advisory"],
  [gdapAdvice, "advisory"],
] as const;

const replace = (name: string, resource: ReturnType<typeof rewstProd>) =>
  cleanStack().map((r) => (r.name === name ? resource : r));

describe("CSP policies", () => {
  test.each(ALL)("%p has its name, a description and its default level", (policy, level) => {
    expect(policy.name).toMatch(/^[a-z0-9-]+$/);
    expect(policy.description.length).toBeGreaterThan(20);
    expect(policy.enforcementLevel).toBe(level);
  });

  test.each(ALL)("%p passes the clean stack", async (policy) => {
    expect(await runStackPolicy(policy, cleanStack())).toEqual([]);
  });

  describe("rewst-prod-sp-present", () => {
    test("missing from a CSP stack, or disabled, is a violation with the fix", async () => {
      const missing = await runStackPolicy(
        rewstProdSpPresent,
        cleanStack().filter((r) => r.name !== "rewst-prod"),
      );
      expect(missing[0]).toMatch(
        /Rewst's app \(2bfb92c3-5845-4776-a1ad-5398acdf285e or 06bfda05-.*\) is not declared.*Fix: declare/,
      );
      expect(
        (
          await runStackPolicy(
            rewstProdSpPresent,
            replace("rewst-prod", rewstProd({ accountEnabled: false })),
          )
        )[0],
      ).toMatch(/is disabled/);
      expect(
        (
          await runStackPolicy(rewstProdSpPresent, replace("rewst-prod", rewstProd({ objectId: undefined })))
        )[0],
      ).toMatch(/is missing/);
    });
    // A stack's first `up --policy-pack` used to fail here, so the up that would record Rewst Prod
    // could never run: a planned create is judged by the principal check() found in the tenant.
    test("a planned create: judged by the principal found at plan time, missing only when there is none", async () => {
      const planned = (atPlan?: { objectId: string; accountEnabled: boolean }) =>
        replace(
          "rewst-prod",
          rewstProd({
            objectId: undefined,
            originalObjectId: undefined,
            accountEnabled: undefined,
            adopted: undefined,
            delegatedGrants: undefined,
            appRoleAssignments: undefined,
            ...(atPlan ? { principalAtPlan: atPlan } : {}),
          }),
        );
      expect(
        await runStackPolicy(rewstProdSpPresent, planned({ objectId: "obj-1", accountEnabled: true })),
      ).toEqual([]);
      expect(
        await runStackPolicy(rewstProdSpPresent, planned({ objectId: "obj-1", accountEnabled: false })),
      ).toEqual([expect.stringMatching(/is disabled/)]);
      expect(await runStackPolicy(rewstProdSpPresent, planned())).toEqual([
        expect.stringMatching(/is missing/),
      ]);
    });
    test("either generation counts: the MS Cloud Connector bundle app in place of Rewst Prod", async () => {
      const bundle = rewstProd({ applicationId: REWST_DEFAULT_APP_IDS.msCloudConnector });
      expect(await runStackPolicy(rewstProdSpPresent, replace("rewst-prod", bundle))).toEqual([]);
      const recreated = rewstProd({
        applicationId: REWST_DEFAULT_APP_IDS.msCloudConnector,
        objectId: "obj-2",
      });
      expect(await runStackPolicy(rewstProdSpDrift, replace("rewst-prod", recreated))).toEqual([
        expect.stringMatching(/Rewst's app 2bfb92c3-.* was re-created/),
      ]);
      // Configured to one app (the key of earlier releases), the other generation does not count.
      const onlyProd = { rewstProdAppId: REWST_DEFAULT_APP_IDS.rewstProd };
      expect(await runStackPolicy(rewstProdSpPresent, replace("rewst-prod", bundle), onlyProd)).toHaveLength(
        1,
      );
    });
    test("an azuread ServicePrincipal with the configured client id counts", async () => {
      const stack = [
        ...cleanStack().filter((r) => r.name !== "rewst-prod"),
        {
          type: "azuread:index/servicePrincipal:ServicePrincipal",
          name: "rp",
          props: { clientId: "11111111-2222-3333-4444-555555555555", objectId: "o" },
        },
      ];
      expect(
        await runStackPolicy(rewstProdSpPresent, stack, {
          rewstProdAppId: "11111111-2222-3333-4444-555555555555",
        }),
      ).toEqual([]);
      expect(await runStackPolicy(rewstProdSpPresent, stack)).toHaveLength(1);
    });
    test("stacks without CSP resources are not judged", async () => {
      expect(await runStackPolicy(rewstProdSpPresent, [])).toEqual([]);
    });
  });

  describe("rewst-prod-sp-drift", () => {
    test("re-created, disabled, or grants and roles off the expected set", async () => {
      expect(
        (await runStackPolicy(rewstProdSpDrift, replace("rewst-prod", rewstProd({ objectId: "obj-2" }))))[0],
      ).toMatch(/was re-created\. Expected object id: obj-1\. Observed: obj-2/);
      expect(
        await runStackPolicy(rewstProdSpDrift, cleanStack(), { expectedObjectId: "obj-9" }),
      ).toHaveLength(1);
      const grants = await runStackPolicy(rewstProdSpDrift, cleanStack(), {
        expectedDelegatedScopes: ["User.Read", "Mail.Read"],
        expectedAppRoleIds: ["role-1", "role-2"],
      });
      expect(grants).toEqual([
        expect.stringMatching(/Missing: mail\.read\. Extra: none/),
        expect.stringMatching(/lacks app roles role-2/),
      ]);
    });
  });

  describe("csp-connector-sp-present", () => {
    test("a consent of the MS Cloud Connector bundle app is judged as the connector", async () => {
      const bundle = connectorConsent("consent-a", TENANT_A, {
        applicationId: REWST_DEFAULT_APP_IDS.msCloudConnector,
        servicePrincipalObjectId: "",
        status: "missing",
      });
      expect(await runStackPolicy(cspConnectorSpPresent, replace("consent-a", bundle))).toEqual([
        expect.stringMatching(/service principal \(app 2bfb92c3-.*\) in Contoso .* is missing/),
      ]);
    });
    test("no service principal, or pending beyond the grace period", async () => {
      const gone = await runStackPolicy(
        cspConnectorSpPresent,
        replace("consent-a", connectorConsent("consent-a", TENANT_A, { servicePrincipalObjectId: "" })),
      );
      expect(gone[0]).toMatch(/no service principal in Contoso \(aaaaaaaa-.*\)\. .*Observed: none/);
      const pendingNew = connectorConsent("consent-a", TENANT_A, {
        servicePrincipalObjectId: "",
        status: "pending",
        consentedAt: new Date().toISOString(),
      });
      expect(await runStackPolicy(cspConnectorSpPresent, replace("consent-a", pendingNew))).toEqual([]);
      expect(
        await runStackPolicy(cspConnectorSpPresent, replace("consent-a", pendingNew), {
          pendingGraceMinutes: -1,
        }),
      ).toHaveLength(1);
    });
    test("a principal deleted after consent names the original object id and the replace command", async () => {
      const missing = connectorConsent("consent-a", TENANT_A, {
        servicePrincipalObjectId: "",
        originalServicePrincipalObjectId: "sp-original",
        status: "missing",
      });
      const messages = await runStackPolicy(cspConnectorSpPresent, replace("consent-a", missing));
      expect(messages).toHaveLength(1);
      expect(messages[0]).toMatch(
        /in Contoso \(aaaaaaaa-.*\) is missing\. Expected: the service principal sp-original\./,
      );
      expect(messages[0]).toContain("pulumi up --replace 'urn:pulumi:test::test::");
    });
    test("a disabled principal is a violation naming the object and how to enable it", async () => {
      const disabled = connectorConsent("consent-a", TENANT_A, { status: "disabled" });
      const messages = await runStackPolicy(cspConnectorSpPresent, replace("consent-a", disabled));
      expect(messages).toHaveLength(1);
      expect(messages[0]).toMatch(
        /service principal \(app 9359814a-.*, object sp-aaaaaaaa.*\) in Contoso .* is disabled\. Expected: accountEnabled true\..*Fix: .*Enabled for users to sign in/,
      );
      expect(
        await runStackPolicy(
          cspConnectorSpPresent,
          replace("consent-a", connectorConsent("consent-a", TENANT_A)),
        ),
      ).toEqual([]);
    });
    test("only the configured connector app is judged", async () => {
      const other = connectorConsent("consent-a", TENANT_A, {
        servicePrincipalObjectId: "",
        applicationId: "99999999-0000-0000-0000-000000000000",
      });
      expect(await runStackPolicy(cspConnectorSpPresent, replace("consent-a", other))).toEqual([]);
    });
  });

  describe("csp-connector-sp-drift", () => {
    test("re-created principal and scope drift list missing and extra scopes", async () => {
      const recreated = connectorConsent("consent-a", TENANT_A, { servicePrincipalObjectId: "sp-new" });
      expect((await runStackPolicy(cspConnectorSpDrift, replace("consent-a", recreated)))[0]).toMatch(
        /in Contoso .* was re-created\. Expected object id: sp-aaaaaaaa.*pulumi up --replace 'urn:pulumi:test::test::.*::consent-a'/,
      );
      const drifted = connectorConsent("consent-b", TENANT_B, {
        grantedScopes: { [GRAPH]: ["User.Read"] },
      });
      expect((await runStackPolicy(cspConnectorSpDrift, replace("consent-b", drifted)))[0]).toMatch(
        /scopes in Fabrikam .* drifted\. Missing: 00000003-0000-0000-c000-000000000000:Directory\.Read\.All\. Extra: 00000003-0000-0000-c000-000000000000:User\.Read\. Fix: put the declared scopes back in place \(the consent stays\): with rewst-csp:consentDrift repair, run pulumi up --target 'urn:pulumi:test::test::.*::consent-b'/,
      );
    });
    test("app roles removed or added in the tenant are listed; matching roles pass", async () => {
      const declared = [
        { enterpriseApplicationId: GRAPH, scopes: ["Directory.Read.All"], appRoles: ["User.Read.All"] },
      ];
      const drifted = connectorConsent("consent-a", TENANT_A, {
        declaredGrants: declared,
        grantedAppRoles: { [GRAPH]: ["Group.Read.All"] },
      });
      expect(await runStackPolicy(cspConnectorSpDrift, replace("consent-a", drifted))).toEqual([
        expect.stringMatching(
          /app roles in Contoso .* drifted\. Missing: 00000003-0000-0000-c000-000000000000:User\.Read\.All\. Extra: 00000003-0000-0000-c000-000000000000:Group\.Read\.All\./,
        ),
      ]);
      const matching = connectorConsent("consent-a", TENANT_A, {
        declaredGrants: declared,
        grantedAppRoles: { [GRAPH]: ["User.Read.All"] },
      });
      expect(await runStackPolicy(cspConnectorSpDrift, replace("consent-a", matching))).toEqual([]);
      // A role on a resource the declaration does not manage (Exchange's, which Rewst assigns) is
      // left alone by the provider, so it is no drift either.
      const elsewhere = connectorConsent("consent-a", TENANT_A, {
        declaredGrants: declared,
        grantedAppRoles: { [GRAPH]: ["User.Read.All"], [EXCHANGE]: ["Exchange.ManageAsApp"] },
      });
      expect(await runStackPolicy(cspConnectorSpDrift, replace("consent-a", elsewhere))).toEqual([]);
    });
  });

  describe("org-linked-to-multiple-customers", () => {
    test("one organization mapped to two customers, in code or as observed", async () => {
      const inCode = [...cleanStack(), mapping("map-b2", TENANT_B, "org-a")];
      expect((await runStackPolicy(orgLinkedToMultipleCustomers, inCode))[0]).toMatch(
        /org-a is linked to 2 customers: Contoso \(aaaaaaaa-.*\), Fabrikam \(bbbbbbbb-/,
      );
      const observed = replace(
        "map-b",
        mapping("map-b", TENANT_B, "org-b", { linkedOrganizationIds: ["org-b", "org-a"] }),
      );
      expect(await runStackPolicy(orgLinkedToMultipleCustomers, observed)).toHaveLength(1);
    });
    test("one customer mapped to several organizations is allowed", async () => {
      expect(
        await runStackPolicy(orgLinkedToMultipleCustomers, [
          ...cleanStack(),
          mapping("map-a2", TENANT_A, "org-c"),
        ]),
      ).toEqual([]);
    });
  });

  test("consent-without-gdap names the customer and the observed status", async () => {
    const stack = replace("consent-b", connectorConsent("consent-b", TENANT_B, { gdapStatus: null }));
    expect((await runStackPolicy(consentWithoutGdap, stack))[0]).toMatch(
      /Fabrikam \(bbbbbbbb-.*\) has no active GDAP.*Observed: no relationship/,
    );
  });

  test("scope-allow-list flags scopes outside the configured list", async () => {
    expect(await runStackPolicy(scopeAllowList, cleanStack(), { allowedScopes: ["User.Read"] })).toEqual([
      expect.stringMatching(/consent-a .* outside the allow-list: Directory\.Read\.All/),
      expect.stringMatching(/consent-b/),
    ]);
  });

  test("stale-connector-service-principals names the leftover principal", async () => {
    const stale = connectorConsent("consent-a", TENANT_A, {
      staleServicePrincipals: [{ objectId: "old", appId: "0ld-app", displayName: "Rewst CSP Connector" }],
    });
    expect((await runStackPolicy(staleConnectorServicePrincipals, replace("consent-a", stale)))[0]).toMatch(
      new RegExp(
        `stale service principal "Rewst CSP Connector" \\(object old, app 0ld-app\\)\\. Expected: only app ${DEFAULT_CONNECTOR_APP_ID}`,
      ),
    );
  });
});
