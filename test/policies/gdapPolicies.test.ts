import { gdapAdvice } from "../../policies/gdapAdvice";
import { gdapAutoExtend } from "../../policies/gdapAutoExtend";
import { gdapExpiring } from "../../policies/gdapExpiring";
import { gdapRoleCoverage } from "../../policies/gdapRoleCoverage";
import { DIRECTORY_ROLES } from "../../provider/contracts/graph";
import { GRAPH, TENANT_A, TENANT_B, cleanStack, connectorConsent, healthyGdap } from "./cspFixtures";
import { runStackPolicy } from "./policyHarness";

const R = DIRECTORY_ROLES;
/** The clean stack with consent-a's GDAP relationship (and grants) replaced. */
const stackWith = (gdap: Record<string, unknown>, props: Record<string, unknown> = {}) =>
  cleanStack().map((r) =>
    r.name === "consent-a"
      ? connectorConsent("consent-a", TENANT_A, { gdap: healthyGdap(gdap), ...props })
      : r,
  );
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

describe("gdap-role-coverage", () => {
  test.each([
    [
      "has no active relationship",
      { status: "expired" },
      /Expected: an active GDAP relationship\. Observed: expired/,
    ],
    ["has none at all", { status: null, relationshipId: null }, /no GDAP relationship: .*Observed: none/],
    [
      "gives only directory reads",
      { roles: [R.directoryReaders.id] },
      /holds no role that can grant a CPV application consent.*Expected: Global Administrator, Privileged Role Administrator or Cloud Application Administrator in an active access assignment \(https:\/\/learn\.microsoft\.com\/partner-center\/.*Observed: Directory Readers/,
    ],
  ])(
    "a customer whose GDAP %s is a violation naming customer, relationship and fix",
    async (_, gdap, message) => {
      const violations = await runStackPolicy(gdapRoleCoverage, stackWith(gdap));
      expect(violations).toHaveLength(1);
      expect(violations[0]).toMatch(new RegExp(`Contoso \\(${TENANT_A}\\)`));
      expect(violations[0]).toMatch(message);
      expect(violations[0]).toMatch(/Fix: /);
    },
  );

  test("Microsoft Graph app roles need Privileged Role Administrator; with it the customer passes", async () => {
    const grants = [
      { enterpriseApplicationId: GRAPH, scopes: ["Directory.Read.All"], appRoles: ["Directory.Read.All"] },
    ];
    const without = await runStackPolicy(gdapRoleCoverage, stackWith({}, { grants }));
    expect(without).toEqual([
      expect.stringMatching(
        /can assign or remove Microsoft Graph app roles\. Expected: Privileged Role Administrator or Global Administrator/,
      ),
    ]);
    const roles = [R.cloudApplicationAdministrator.id, R.privilegedRoleAdministrator.id];
    expect(await runStackPolicy(gdapRoleCoverage, stackWith({ roles }, { grants }))).toEqual([]);
  });

  test("Privileged Role Administrator alone consents and assigns Graph app roles, as Microsoft documents", async () => {
    const grants = [
      { enterpriseApplicationId: GRAPH, scopes: ["Directory.Read.All"], appRoles: ["Directory.Read.All"] },
    ];
    const roles = [R.privilegedRoleAdministrator.id];
    expect(await runStackPolicy(gdapRoleCoverage, stackWith({ roles }, { grants }))).toEqual([]);
  });

  test.each([
    ["Application Developer", R.applicationDeveloper.id],
    ["Application Administrator", R.applicationAdministrator.id],
  ])("%s alone cannot grant the CPV consent: refused, naming the roles that would do", async (name, role) => {
    const violations = await runStackPolicy(gdapRoleCoverage, stackWith({ roles: [role] }));
    expect(violations).toEqual([
      expect.stringMatching(
        new RegExp(
          `grant a CPV application consent.*Expected: Global Administrator, Privileged Role Administrator or Cloud Application Administrator.*Observed: ${name}`,
        ),
      ),
    ]);
  });

  test("a consent through Rewst is not judged by the partner user's roles; gdap-advice says it is not judgeable", async () => {
    const stack = stackWith({ roles: [R.directoryReaders.id] }, { via: "rewst" });
    expect(await runStackPolicy(gdapRoleCoverage, stack)).toEqual([]);
    expect(await runStackPolicy(gdapAdvice, stack)).toEqual([
      expect.stringMatching(
        /consent-a for Contoso .*goes through Rewst: the GDAP role check is not judgeable/,
      ),
    ]);
    expect(await runStackPolicy(gdapAdvice, stackWith({ roles: [R.directoryReaders.id] }))).toEqual([]);
  });

  test("a consent whose GDAP was never read (a stack of an earlier release) is not judged", async () => {
    const stack = cleanStack().map((r) =>
      r.name === "consent-b" ? connectorConsent("consent-b", TENANT_B, { gdap: undefined }) : r,
    );
    expect(await runStackPolicy(gdapRoleCoverage, stack)).toEqual([]);
  });
});

describe("gdap-expiring", () => {
  test("a relationship ending within the warning window without auto-extend is reported with its date", async () => {
    const violations = await runStackPolicy(
      gdapExpiring,
      stackWith({ endDateTime: inDays(10.5), autoExtendDuration: "PT0S" }),
    );
    expect(violations).toEqual([
      expect.stringMatching(
        /ends on \d{4}-\d\d-\d\d \(in 10 days\) and will not extend itself.*Expected: more than 30 days left/,
      ),
    ]);
  });

  test("Global Administrator in the relationship means it cannot extend, whatever auto-extend says", async () => {
    const gdap = {
      endDateTime: inDays(5),
      relationshipRoles: [R.globalAdministrator.id, R.cloudApplicationAdministrator.id],
    };
    expect(await runStackPolicy(gdapExpiring, stackWith(gdap))).toHaveLength(1);
  });

  test("auto-extended, or further away than the configured days, passes", async () => {
    expect(await runStackPolicy(gdapExpiring, stackWith({ endDateTime: inDays(10) }))).toEqual([]);
    const far = stackWith({ endDateTime: inDays(20), autoExtendDuration: "PT0S" });
    expect(await runStackPolicy(gdapExpiring, far, { warnDays: 14 })).toEqual([]);
    expect(await runStackPolicy(gdapExpiring, far, { warnDays: 21 })).toHaveLength(1);
  });
});

describe("gdap-auto-extend", () => {
  test("PT0S is reported; Global Administrator is reported as what blocks it", async () => {
    expect(await runStackPolicy(gdapAutoExtend, stackWith({ autoExtendDuration: "PT0S" }))).toEqual([
      expect.stringMatching(/does not extend itself\. Expected: auto-extend P180D\. Observed: PT0S/),
    ]);
    const ga = stackWith({ autoExtendDuration: "PT0S", relationshipRoles: [R.globalAdministrator.id] });
    expect(await runStackPolicy(gdapAutoExtend, ga)).toEqual([
      expect.stringMatching(/holds Global Administrator, which blocks auto-extend/),
    ]);
  });

  test("P180D passes; an inactive relationship is left to gdap-role-coverage", async () => {
    expect(await runStackPolicy(gdapAutoExtend, stackWith({}))).toEqual([]);
    expect(
      await runStackPolicy(gdapAutoExtend, stackWith({ status: "expired", autoExtendDuration: "PT0S" })),
    ).toEqual([]);
  });
});
