import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { POLICIES } from "../../../policies/all";
import { PACK_CONFIG_KEYS_FILE, checkPackConfig } from "../../../provider/cli/packConfig";

const BUILT_PACK = path.resolve(__dirname, "../../../dist/policies");

describe("the policy pack config is checked before the preview", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rewst-csp-pack-config-"));
  const file = path.join(dir, "policy-config.json");
  const check = (config: unknown) => {
    fs.writeFileSync(file, JSON.stringify(config));
    return () => checkPackConfig(BUILT_PACK, file);
  };
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test("the built pack lists every policy and its settings", () => {
    const keys = JSON.parse(fs.readFileSync(path.join(BUILT_PACK, PACK_CONFIG_KEYS_FILE), "utf8")) as Record<
      string,
      string[]
    >;
    expect(Object.keys(keys)).toEqual(POLICIES.map((p) => p.name));
    expect(keys["scope-allow-list"]).toEqual(["allowedScopes"]);
  });

  test("what the pack knows passes: levels, settings, all", () => {
    expect(
      check({
        all: "advisory",
        "org-linked-to-multiple-customers": "advisory",
        "scope-allow-list": { enforcementLevel: "mandatory", allowedScopes: ["User.Read"] },
      }),
    ).not.toThrow();
    expect(() => checkPackConfig(BUILT_PACK, undefined)).not.toThrow();
    // A pack of your own (no keys file) is not judged.
    expect(() => checkPackConfig(dir, file)).not.toThrow();
  });

  test("a typo in a policy name, a setting or a level is refused, naming what the pack has", () => {
    expect(check({ "scope-allowlist": "advisory" })).toThrow(
      /"scope-allowlist" is not a policy of the pack \(it has rewst-prod-sp-present, .*scope-allow-list/,
    );
    expect(check({ "scope-allow-list": { allowedScope: ["User.Read"] } })).toThrow(
      '"scope-allow-list" has no setting "allowedScope" (it has enforcementLevel, allowedScopes)',
    );
    expect(check({ "gdap-advice": "advisroy" })).toThrow('"gdap-advice": "advisroy" is not a level');
    expect(check({ "gdap-advice": { enforcementLevel: "off" } })).toThrow(
      '"gdap-advice".enforcementLevel must be one of advisory, mandatory, remediate, disabled',
    );
    expect(check(["gdap-advice"])).toThrow("must hold a JSON object of policy names");
    fs.writeFileSync(file, "{ not json");
    expect(() => checkPackConfig(BUILT_PACK, file)).toThrow(/is not a JSON file/);
  });
});
