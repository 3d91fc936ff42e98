import {
  dynamicResourcesOf,
  judgeMigration,
  withoutSerializedProviders,
} from "../../../provider/cli/migrationPlan";
import { CPV_CONSENT_TYPE, CLIENT_MAPPING_TYPE } from "../../../provider/typeTokens";

const urn = (type: string, name: string) => `urn:pulumi:dev::proj::${type}::${name}`;
const DYN_CONSENT = urn(CPV_CONSENT_TYPE, "consent-t1");
const NAT_CONSENT = urn("rewst-csp:index:CpvConsent", "consent-t1");
const DYN_LINK = urn(CLIENT_MAPPING_TYPE, "org-1");
const NAT_LINK = urn("rewst-csp:index:ClientMapping", "org-1");
const moved = (from: string, to: string, type: string, oldType: string) => ({
  op: "same",
  urn: to,
  type,
  oldUrn: from,
  oldType,
});

describe("judgeMigration", () => {
  test("every dynamic resource taken over unchanged under its native type: moves, no refusal", () => {
    const plan = judgeMigration(
      [
        {
          op: "create",
          urn: "urn:pulumi:dev::proj::pulumi:providers:rewst-csp::default",
          type: "pulumi:providers:rewst-csp",
        },
        moved(DYN_LINK, NAT_LINK, "rewst-csp:index:ClientMapping", CLIENT_MAPPING_TYPE),
        moved(DYN_CONSENT, NAT_CONSENT, "rewst-csp:index:CpvConsent", CPV_CONSENT_TYPE),
        {
          op: "delete",
          urn: "urn:pulumi:dev::proj::pulumi:providers:pulumi-nodejs::default",
          type: "pulumi:providers:pulumi-nodejs",
        },
      ],
      [DYN_LINK, DYN_CONSENT],
    );
    expect(plan).toEqual({
      moves: [
        { from: DYN_LINK, to: NAT_LINK, type: "rewst-csp:index:ClientMapping" },
        { from: DYN_CONSENT, to: NAT_CONSENT, type: "rewst-csp:index:CpvConsent" },
      ],
      refusals: [],
    });
  });

  test("a step that would write, a program not switched and a resource the plan leaves out are refused", () => {
    const plan = judgeMigration(
      [
        {
          op: "replace",
          urn: NAT_CONSENT,
          type: "rewst-csp:index:CpvConsent",
          oldUrn: DYN_CONSENT,
          oldType: CPV_CONSENT_TYPE,
        },
        {
          op: "same",
          urn: DYN_LINK,
          type: CLIENT_MAPPING_TYPE,
          oldUrn: DYN_LINK,
          oldType: CLIENT_MAPPING_TYPE,
        },
      ],
      [DYN_LINK, DYN_CONSENT, urn(CLIENT_MAPPING_TYPE, "org-2")],
    );
    expect(plan.moves).toEqual([]);
    expect(plan.refusals).toEqual([
      `${NAT_CONSENT}: the plan would replace it (a migration changes nothing in a tenant)`,
      expect.stringMatching(/^1 resources are still declared by the dynamic face/) as unknown,
      `${urn(CLIENT_MAPPING_TYPE, "org-2")}: the plan does not take it over`,
    ]);
  });
});

describe("state clean-up after the move", () => {
  test("the serialized provider leaves native CSP resources only; everything else is kept as it was", () => {
    const deployment = {
      manifest: { version: "v3.248.0" },
      resources: [
        {
          type: "rewst-csp:index:CpvConsent",
          urn: NAT_CONSENT,
          outputs: { __provider: "exports.handler=…", status: "active" },
        },
        { type: CPV_CONSENT_TYPE, urn: DYN_CONSENT, outputs: { __provider: "kept", status: "active" } },
      ],
    };
    const { deployment: cleaned, removed } = withoutSerializedProviders(deployment);
    expect(removed).toBe(1);
    expect(cleaned).toEqual({
      manifest: { version: "v3.248.0" },
      resources: [
        { type: "rewst-csp:index:CpvConsent", urn: NAT_CONSENT, outputs: { status: "active" } },
        deployment.resources[1],
      ],
    });
    expect(dynamicResourcesOf(cleaned)).toEqual([DYN_CONSENT]);
  });
});
