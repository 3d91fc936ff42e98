/** The mappings file of an emulator seed: what benchmarks and e2e tests declare for its customers. */
import * as fs from "fs";

import { stringify } from "yaml";

import { WELL_KNOWN_APP_IDS } from "../provider/contracts/identity";
import type { MappingsFileInput } from "../provider/mappings/schema";
import type { Seed } from "./state/seed";

export interface SeedMappingsOptions {
  /** Which customers (1-based) the file keeps; default all. */
  customers?: readonly number[];
  /** Splits the fleet across these stacks. */
  shards?: readonly string[];
  /** Customers (0-based) pinned to a shard. */
  pins?: Readonly<Record<number, string>>;
  /** Declares Rewst Prod in the partner tenant (default true). */
  withRewstProd?: boolean;
  /** Offboarding leaves the connector's principal (consentDefaults.keepServicePrincipal). */
  keepServicePrincipal?: boolean;
}

/**
 * Every seeded customer (or the chosen ones) with its own organization and the connector consented
 * to Microsoft Graph's User.Read, through one grant profile.
 */
export function seedMappings(seed: Seed, options: SeedMappingsOptions = {}): MappingsFileInput {
  const organizations = seed.rewst.organizations;
  const kept = new Set(options.customers ?? seed.customers.map((_, i) => i + 1));
  return {
    ...(options.shards ? { shards: [...options.shards] } : {}),
    consentDefaults: {
      applicationId: seed.rewst.cpvApplicationId,
      displayName: seed.rewst.cpvDisplayName,
      grantProfile: "connector",
      ...(options.keepServicePrincipal !== undefined
        ? { keepServicePrincipal: options.keepServicePrincipal }
        : {}),
    },
    grantProfiles: {
      connector: [{ enterpriseApplicationId: WELL_KNOWN_APP_IDS.microsoftGraph, scopes: ["User.Read"] }],
    },
    enterpriseApplications:
      options.withRewstProd === false
        ? []
        : [
            {
              name: "rewst-prod",
              tenantId: seed.partner.tenantId,
              applicationId: seed.partner.servicePrincipals![0].appId,
            },
          ],
    customers: seed.customers.flatMap((customer, i) =>
      kept.has(i + 1)
        ? [
            {
              name: `customer-${i + 1}`,
              tenantId: customer.tenantId,
              companyName: customer.companyName,
              organizations: [organizations[i].id],
              consent: {},
              ...(options.pins?.[i] ? { shard: options.pins[i] } : {}),
            },
          ]
        : [],
    ),
  };
}

/** Writes {@link seedMappings} as YAML. */
export function writeSeedMappings(file: string, seed: Seed, options: SeedMappingsOptions = {}): void {
  fs.writeFileSync(file, stringify(seedMappings(seed, options)));
}
