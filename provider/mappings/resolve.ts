import type { z } from "zod";

import type { consentGrantSchema } from "../domain/grants";
import type { ConsentChannel } from "../domain/identifiers";
import type { MappingsFile } from "./schema";

/** A customer with its consent resolved against the defaults and grant profiles. */
export interface ResolvedCustomer {
  name: string;
  tenantId: string;
  companyName?: string;
  organizations: string[];
  consent?: {
    applicationId: string;
    displayName: string;
    via: ConsentChannel;
    grants: z.infer<typeof consentGrantSchema>[];
    keepServicePrincipal?: boolean;
  };
  shard?: string;
}

export interface ResolvedMappings {
  /** Stack names of the shards, when the file splits the fleet. */
  shards?: string[];
  customers: ResolvedCustomer[];
  enterpriseApplications: MappingsFile["enterpriseApplications"];
  exemptions: MappingsFile["exemptions"];
}

/** Applies defaults and grant profiles (the file has been validated, so every reference resolves). */
export function resolveMappings(file: MappingsFile): ResolvedMappings {
  const defaults = file.consentDefaults;
  return {
    ...(file.shards ? { shards: file.shards } : {}),
    enterpriseApplications: file.enterpriseApplications,
    exemptions: file.exemptions,
    customers: file.customers.map((customer) => {
      const { consent, ...rest } = customer;
      if (!consent) return rest;
      const profile = consent.grantProfile ?? defaults.grantProfile;
      return {
        ...rest,
        consent: {
          applicationId: (consent.applicationId ?? defaults.applicationId)!,
          displayName: (consent.displayName ?? defaults.displayName)!,
          via: consent.via ?? defaults.via ?? "partnerCenter",
          grants: consent.grants ?? file.grantProfiles[profile!],
          ...((consent.keepServicePrincipal ?? defaults.keepServicePrincipal) !== undefined
            ? { keepServicePrincipal: consent.keepServicePrincipal ?? defaults.keepServicePrincipal }
            : {}),
        },
      };
    }),
  };
}
