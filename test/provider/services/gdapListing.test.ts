/**
 * The GDAP reads a fleet's checks cost against the emulator: the engine checks consents one after
 * another, so access assignments are read 20 relationships to a batch, not one request each.
 */
import { type RunningEmulator, startEmulator } from "../../../emulator/server";
import {
  DEFAULT_GDAP_ROLES,
  PARTNER_GDAP_GROUP,
  REWST_GDAP_GROUP,
  generateSeed,
} from "../../../emulator/state/seed";
import { fetchGdapRelationships } from "../../../provider/functions";
import type { GdapAccess } from "../../../provider/domain/gdap";
import { providerSession } from "../../../provider/session/session";
import { emulatorSettings } from "../../support/emulatorConfig";

const seed = generateSeed({ customerCount: 30, withoutGdapEvery: 5 });
let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ seed });
});
afterAll(() => emulator.stop());

test("30 customers checked one after another: their access assignments come in 2 batches, each customer's roles right", async () => {
  const microsoft = providerSession(emulatorSettings(emulator)).microsoft;
  emulator.control.requestLog.length = 0;
  const access: GdapAccess[] = [];
  for (const customer of seed.customers) access.push(await microsoft.gdap.access(customer.tenantId));

  const routes = emulator.control.requestLog.map((r) => r.route).filter((r) => r !== "identity.token");
  expect(routes.filter((r) => r === "graph.delegatedAdminRelationships.accessAssignments")).toEqual([]);
  // 20 relationships to a batch: the first check reads 20, the 21st active customer's check the rest.
  const active = seed.customers.filter((c) => c.gdap === "active").length;
  expect(routes.filter((r) => r === "graph.batch")).toHaveLength(Math.ceil(active / 20));
  expect(routes.filter((r) => r === "graph.delegatedAdminRelationships")).toHaveLength(1);

  seed.customers.forEach((customer, i) => {
    if (customer.gdap === "active") {
      expect({ i, status: access[i].status, roles: [...access[i].roles].sort() }).toEqual({
        i,
        status: "active",
        roles: [...DEFAULT_GDAP_ROLES].sort(),
      });
    } else {
      expect({ i, status: access[i].status, roles: access[i].roles.size }).toEqual({
        i,
        status: null,
        roles: 0,
      });
    }
  });
});

test("the read-only view lists a customer's relationship with its access assignment, and every relationship without a filter", async () => {
  const lookup = emulatorSettings(emulator);
  const first = seed.customers[0];
  const [relationship] = await fetchGdapRelationships(lookup, first.tenantId.toUpperCase());
  expect(relationship).toMatchObject({
    customerTenantId: first.tenantId,
    status: "active",
    autoExtendDuration: "P180D",
    roles: [...DEFAULT_GDAP_ROLES],
    accessAssignments: [
      { status: "active", groupId: PARTNER_GDAP_GROUP.id, roles: [...DEFAULT_GDAP_ROLES] },
      // Rewst's integration user consents through Rewst's own group.
      { status: "active", groupId: REWST_GDAP_GROUP.id, roles: [...DEFAULT_GDAP_ROLES] },
    ],
  });
  expect(await fetchGdapRelationships(lookup, seed.customers[4].tenantId)).toEqual([]);
  const all = await fetchGdapRelationships(lookup);
  expect(all).toHaveLength(seed.customers.filter((c) => c.gdap !== "none").length);
});
