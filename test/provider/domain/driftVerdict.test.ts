/**
 * One drift judgement: diff, the policy pack and `rewst-csp report` read the verdict the last read
 * recorded, and none of them judges again. States whose recorded verdict disagrees with their
 * grants show which one each reads; a state from before the verdict was recorded shows that all
 * three fall back to the same function.
 */
import type { EngineEvent } from "@pulumi/pulumi/automation";

import { cspConnectorSpDrift } from "../../../policies/cspConnectorSpDrift";
import { buildReport } from "../../../provider/cli/report";
import { judgeConsentDrift } from "../../../provider/domain/drift";
import type { ConsentDriftVerdict } from "../../../provider/outputs";
import { diffCpvConsent } from "../../../provider/resources/cpvConsent/diff";
import { upgradeStoredConsent } from "../../../provider/resources/cpvConsent/schema";
import { CPV_CONSENT_TYPE } from "../../../provider/typeTokens";
import { GRAPH, TENANT_A, connectorConsent } from "../../policies/cspFixtures";
import { runStackPolicy } from "../../policies/policyHarness";

const CLEAN: ConsentDriftVerdict = {
  principal: "present",
  recreated: false,
  disabled: false,
  missingScopes: [],
  extraScopes: [],
  missingAppRoles: [],
  extraAppRoles: [],
};
const declared = [{ enterpriseApplicationId: GRAPH, scopes: ["Directory.Read.All"] }];

/** The three readers of one stored consent, each reduced to the extra scopes it names (none: no drift). */
async function readers(props: Record<string, unknown>, recorded = true) {
  const resource = connectorConsent("consent-a", TENANT_A, props);
  const stored = resource.props;
  if (!recorded) delete stored.drift;
  const plan = diffCpvConsent(upgradeStoredConsent(stored), { ...stored, grants: declared }, "repair");
  const violations = await runStackPolicy(cspConnectorSpDrift, [resource]);
  const event = {
    sequence: 0,
    timestamp: 0,
    resourcePreEvent: {
      metadata: {
        op: "same",
        urn: `urn:pulumi:prod::p::${CPV_CONSENT_TYPE}::consent-a`,
        type: CPV_CONSENT_TYPE,
        provider: "",
        old: { outputs: stored, inputs: {} },
        new: { inputs: { ...stored, grants: declared } },
      },
    },
  } as unknown as EngineEvent;
  const report = buildReport("prod", [event]).customers[0].consent;
  return {
    diff: plan.changes,
    pack: violations.map((v) => /Extra: ([^.]+(?:\.[A-Za-z]+)*)\. Fix/.exec(v)?.[1] ?? v),
    report: report?.extraScopes ?? [],
  };
}

describe("one drift verdict", () => {
  test("grants that match, with a recorded verdict of an extra scope: all three report the verdict", async () => {
    const verdict = { ...CLEAN, extraScopes: [`${GRAPH}:Mail.Send`] };
    expect(await readers({ drift: verdict })).toEqual({
      diff: true,
      pack: [`${GRAPH}:Mail.Send`],
      report: ["Mail.Send"],
    });
  });

  test("grants that differ, with a recorded clean verdict: none of the three judges again", async () => {
    const edited = {
      grantedScopes: { [GRAPH]: ["Mail.Send"] },
      grants: [{ enterpriseApplicationId: GRAPH, scopes: ["Mail.Send"] }],
    };
    expect(await readers({ ...edited, drift: CLEAN })).toEqual({ diff: false, pack: [], report: [] });
    // The same state without its record (written before the verdict was): the one function judges it.
    const judged = judgeConsentDrift({
      status: "active",
      servicePrincipalObjectId: `sp-${TENANT_A}`,
      originalServicePrincipalObjectId: `sp-${TENANT_A}`,
      observed: edited.grants,
      declared,
    });
    expect(judged.extraScopes).toEqual([`${GRAPH}:Mail.Send`]);
    const unrecorded = connectorConsent("consent-a", TENANT_A, edited).props;
    delete unrecorded.drift;
    expect(upgradeStoredConsent(unrecorded).drift).toEqual(judged);
    expect(await readers(edited, false)).toEqual({
      diff: true,
      pack: [`${GRAPH}:Mail.Send`],
      report: ["Mail.Send"],
    });
  });
});
