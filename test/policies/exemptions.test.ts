import { cspConnectorSpPresent } from "../../policies/cspConnectorSpPresent";
import { exemptionsValid } from "../../policies/exemptionsValid";
import { honouringExemptions } from "../../policies/lib/exemptions";
import type { RecordedExemption } from "../../provider/domain/exemptions";
import { EXEMPTIONS_TYPE } from "../../provider/typeTokens";
import { TENANT_A, TENANT_B, cleanStack, connectorConsent, mapping, rewstProd } from "./cspFixtures";
import { type FakeResource, runStackPolicy } from "./policyHarness";

const NOW = new Date("2026-12-03T12:00:00Z");
const urnOf = (name: string, type: string) => `urn:pulumi:test::test::${type}::${name}`;

/** Both customers' connectors disabled: csp-connector-sp-present finds both. */
const bothDisabled = (): FakeResource[] => [
  rewstProd(),
  mapping("map-a", TENANT_A, "org-a"),
  mapping("map-b", TENANT_B, "org-b"),
  connectorConsent("consent-a", TENANT_A, { status: "disabled" }),
  connectorConsent("consent-b", TENANT_B, { status: "disabled" }),
];

const consentA = connectorConsent("consent-a", TENANT_A);
const exemption = (overrides: Partial<RecordedExemption> = {}): RecordedExemption => ({
  policy: cspConnectorSpPresent.name,
  customer: "contoso",
  reason: "Contoso disabled the connector during its migration (ticket 4411)",
  expires: "2027-01-31",
  owner: "platform-team",
  index: 0,
  urns: [urnOf("consent-a", consentA.type), urnOf("map-a", mapping("map-a", TENANT_A, "org-a").type)],
  ...overrides,
});
const withExemptions = (resources: FakeResource[], exemptions: RecordedExemption[]): FakeResource[] => [
  ...resources,
  { type: EXEMPTIONS_TYPE, name: "policy-exemptions", props: { exemptions } },
];

const present = honouringExemptions(cspConnectorSpPresent, () => NOW);
const valid = exemptionsValid([cspConnectorSpPresent.name, "gdap-expiring"], () => NOW);

describe("exemptions from the mappings file", () => {
  test("an active exemption silences exactly that policy for that customer", async () => {
    expect(await runStackPolicy(present, bothDisabled())).toHaveLength(2);
    const messages = await runStackPolicy(present, withExemptions(bothDisabled(), [exemption()]));
    expect(messages).toEqual([expect.stringContaining(TENANT_B)]);
    expect(await runStackPolicy(valid, withExemptions(bothDisabled(), [exemption()]))).toEqual([]);
  });

  test("an exemption of another policy, or for another customer, silences nothing", async () => {
    const other = [exemption({ policy: "gdap-expiring" }), exemption({ customer: "fabrikam", urns: [] })];
    expect(await runStackPolicy(present, withExemptions(bothDisabled(), other))).toHaveLength(2);
  });

  test('"*" silences the policy for every customer of the stack', async () => {
    const all = exemption({ customer: "*", urns: [] });
    expect(await runStackPolicy(present, withExemptions(bothDisabled(), [all]))).toEqual([]);
  });

  test("it holds through its expiry day; from the next day it is a violation and the finding is back", async () => {
    const lastDay = exemption({ expires: "2026-12-03" });
    expect(await runStackPolicy(present, withExemptions(bothDisabled(), [lastDay]))).toHaveLength(1);
    expect(await runStackPolicy(valid, withExemptions(bothDisabled(), [lastDay]))).toEqual([]);

    const expired = exemption({ expires: "2026-12-02", index: 3 });
    expect(await runStackPolicy(present, withExemptions(bothDisabled(), [expired]))).toHaveLength(2);
    expect(await runStackPolicy(valid, withExemptions(bothDisabled(), [expired]))).toEqual([
      expect.stringMatching(
        /^exemptions\[3\] \(csp-connector-sp-present for contoso, owner platform-team\) expired on 2026-12-02 \(yesterday\).*Fix: /,
      ),
    ]);
  });

  test("an exemption naming a policy the pack does not have is a violation", async () => {
    const typo = exemption({ policy: "csp-conector-sp-present" });
    expect(await runStackPolicy(valid, withExemptions(cleanStack(), [typo]))).toEqual([
      expect.stringMatching(
        /names a policy the rewst-csp pack does not have.*one of csp-connector-sp-present, gdap-expiring/,
      ),
    ]);
  });

  test("outputs that do not read exempt nothing", async () => {
    const garbled = [
      ...bothDisabled(),
      { type: EXEMPTIONS_TYPE, name: "policy-exemptions", props: { exemptions: [{ policy: 1 }] } },
    ];
    expect(await runStackPolicy(present, garbled)).toHaveLength(2);
  });
});
