import { POLICIES } from "../../policies/all";
import { NATIVE_TYPE_TOKENS } from "../../provider/typeTokens";
import { TENANT_A, TENANT_B, connectorConsent, mapping, rewstProd } from "./cspFixtures";
import { type FakeResource, runStackPolicy } from "./policyHarness";

const TO_NATIVE = new Map<string, string>(
  Object.entries(NATIVE_TYPE_TOKENS).map(([native, dynamic]) => [dynamic, native]),
);
const asNative = (resources: FakeResource[]): FakeResource[] =>
  resources.map((r) => ({ ...r, type: TO_NATIVE.get(r.type) ?? r.type }));

/** A stack with something for most policies to find: a disabled and a drifted connector, an org twice. */
const troubled = (): FakeResource[] => [
  rewstProd({ accountEnabled: false }),
  mapping("map-a", TENANT_A, "org-a"),
  mapping("map-b", TENANT_B, "org-a"),
  connectorConsent("consent-a", TENANT_A, { status: "disabled" }),
  connectorConsent("consent-b", TENANT_B, {
    grantedScopes: { "00000003-0000-0000-c000-000000000000": ["Directory.Read.All", "Mail.Send"] },
    gdapStatus: "none",
  }),
];

describe("the pack judges both faces the same", () => {
  test.each(POLICIES.map((policy) => [policy.name, policy] as const))("%s", async (_name, policy) => {
    const dynamic = await runStackPolicy(policy, troubled());
    // Messages may name a resource's URN, which spells its own type.
    const native = (await runStackPolicy(policy, asNative(troubled()))).map((message) =>
      Object.entries(NATIVE_TYPE_TOKENS).reduce(
        (text, [token, dynamicToken]) => text.split(token).join(dynamicToken),
        message,
      ),
    );
    expect(native).toEqual(dynamic);
  });

  test("the troubled stack is judged at all (the comparison is not between two empty lists)", async () => {
    const all = await Promise.all(POLICIES.map((policy) => runStackPolicy(policy, asNative(troubled()))));
    expect(all.filter((messages) => messages.length > 0).length).toBeGreaterThanOrEqual(4);
  });
});
