import { stringify } from "yaml";

import type { MappingsFileError } from "../../../provider/mappings/load";
import { parseMappings } from "../../../provider/mappings/load";
import { selectShard, shardOf } from "../../../provider/mappings/shards";
import { stableGuid } from "../../../emulator/state/ids";

const CONNECTOR = "9359814a-7403-4af9-9113-d5c8cab020ed";
const GRAPH = "00000003-0000-0000-c000-000000000000";
const PARTNER = "99999999-9999-4999-8999-999999999999";
const REWST_PROD = "46cb4bf8-2f8d-4a3c-9a0f-6f1b4d1f6b9e";

const tenants = Array.from({ length: 1000 }, (_, i) => stableGuid(`shard-test:${i}`));
const names = (n: number) => Array.from({ length: n }, (_, i) => `fleet-${String(i).padStart(2, "0")}`);

function fileText(
  options: { shards?: string[]; pins?: Record<number, string>; count?: number } = {},
): string {
  return stringify({
    ...(options.shards ? { shards: options.shards } : {}),
    consentDefaults: { applicationId: CONNECTOR, displayName: "Rewst CSP Connector" },
    grantProfiles: { connector: [{ enterpriseApplicationId: GRAPH, scopes: ["User.Read"] }] },
    enterpriseApplications: [{ name: "rewst-prod", tenantId: PARTNER, applicationId: REWST_PROD }],
    customers: tenants.slice(0, options.count ?? tenants.length).map((tenantId, i) => ({
      name: `customer-${i}`,
      tenantId,
      consent: { grantProfile: "connector" },
      ...(options.pins?.[i] ? { shard: options.pins[i] } : {}),
    })),
  });
}

const assignment = (shards: string[]) => new Map(tenants.map((t) => [t, shardOf({ tenantId: t }, shards)]));

describe("shards", () => {
  test("every customer is declared by exactly one stack, about evenly", () => {
    const mappings = parseMappings(fileText({ shards: names(10) }));
    const declared = names(10).map((stack) =>
      selectShard(mappings, stack, "m.yaml").customers.map((c) => c.tenantId),
    );
    const all = declared.flat();
    expect(all).toHaveLength(1000);
    expect(new Set(all).size).toBe(1000);
    for (const part of declared) {
      expect(part.length).toBeGreaterThan(60);
      expect(part.length).toBeLessThan(140);
    }
  });

  test("adding a shard moves only the customers it takes; removing one moves only its own; reordering none", () => {
    const ten = assignment(names(10));
    const eleven = assignment(names(11));
    const moved = tenants.filter((t) => ten.get(t) !== eleven.get(t));
    expect(moved.every((t) => eleven.get(t) === "fleet-10")).toBe(true);
    expect(moved.length).toBeGreaterThan(40);
    expect(moved.length).toBeLessThan(150);

    const nine = assignment(names(10).filter((n) => n !== "fleet-04"));
    const movedOut = tenants.filter((t) => ten.get(t) !== nine.get(t));
    expect(movedOut.every((t) => ten.get(t) === "fleet-04")).toBe(true);

    const reordered = assignment([...names(10)].reverse());
    expect(tenants.filter((t) => ten.get(t) !== reordered.get(t))).toEqual([]);
  });

  test("a pin wins; the enterprise applications belong to the first shard and are read by the others", () => {
    const mappings = parseMappings(fileText({ shards: names(3), pins: { 0: "fleet-02" }, count: 5 }));
    expect(selectShard(mappings, "fleet-02", "m.yaml").customers.map((c) => c.name)).toContain("customer-0");
    const first = selectShard(mappings, "fleet-00", "m.yaml");
    const other = selectShard(mappings, "fleet-01", "m.yaml");
    expect([first.managedApplications.length, first.readApplications.length]).toEqual([1, 0]);
    expect([other.managedApplications.length, other.readApplications.length]).toEqual([0, 1]);
  });

  test("a file without shards is one stack's, whatever its name", () => {
    const selection = selectShard(parseMappings(fileText({ count: 5 })), "anything", "m.yaml");
    expect(selection.customers).toHaveLength(5);
    expect(selection.shard).toBeUndefined();
  });

  test("a stack the file does not list is refused, naming the shards", () => {
    const mappings = parseMappings(fileText({ shards: names(2), count: 5 }));
    expect(() => selectShard(mappings, "prod", "m.yaml")).toThrow(
      /\[SHARD_NOT_LISTED\] m.yaml splits the fleet across the stacks fleet-00, fleet-01 .*this stack is prod/,
    );
  });

  test("a pin to a shard not listed, a repeated shard and a pin without shards fail at their lines", () => {
    const errors = (text: string) => {
      try {
        parseMappings(text, "m.yaml");
      } catch (error) {
        return (error as MappingsFileError).message;
      }
      return "";
    };
    expect(errors(fileText({ shards: ["a", "b"], pins: { 1: "c" }, count: 3 }))).toMatch(
      /m\.yaml:\d+:\d+ customers\[1\]\.shard names the shard "c", which shards does not list \(known: a, b\)/,
    );
    expect(errors(fileText({ shards: ["a", "a"], count: 1 }))).toMatch(
      /shards\[1\] repeats the stack name a/,
    );
    expect(errors(fileText({ pins: { 0: "a" }, count: 1 }))).toMatch(/but the file has no shards list/);
  });
});
