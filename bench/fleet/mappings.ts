/** The benchmark's mappings file: every seeded customer with one organization and a connector consent. */
import * as fs from "fs";

import { stringify } from "yaml";

import type { Seed } from "../../emulator/state/seed";
import { WELL_KNOWN_APP_IDS } from "../../provider/contracts/identity";

export function writeFleetMappings(file: string, seed: Seed, shards?: readonly string[]): void {
  const organizations = seed.rewst.organizations;
  fs.writeFileSync(
    file,
    stringify({
      ...(shards ? { shards } : {}),
      consentDefaults: {
        applicationId: seed.rewst.cpvApplicationId,
        displayName: seed.rewst.cpvDisplayName,
        grantProfile: "connector",
      },
      grantProfiles: {
        connector: [{ enterpriseApplicationId: WELL_KNOWN_APP_IDS.microsoftGraph, scopes: ["User.Read"] }],
      },
      enterpriseApplications: [
        {
          name: "rewst-prod",
          tenantId: seed.partner.tenantId,
          applicationId: seed.partner.servicePrincipals![0].appId,
        },
      ],
      customers: seed.customers.map((customer, i) => ({
        name: `customer-${i + 1}`,
        tenantId: customer.tenantId,
        companyName: customer.companyName,
        organizations: [organizations[i].id],
        consent: {},
      })),
    }),
  );
}
