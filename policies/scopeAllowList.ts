import type { StackValidationPolicy } from "@pulumi/policy";

import { consents, customerLabel } from "./lib/resources";

export interface ScopeAllowListConfig {
  allowedScopes: string[];
}

/** Scopes of the Rewst CSP Connector's documented grant, the default allow-list. */
export const DEFAULT_ALLOWED_SCOPES = [
  "DelegatedPermissionGrant.ReadWrite.All",
  "Directory.ReadWrite.All",
  "Directory.Read.All",
  "AppRoleAssignment.ReadWrite.All",
  "User.Read",
];

/** `scope-allow-list` (stack, advisory): consent scopes outside a configurable allow-list. */
export const scopeAllowList: StackValidationPolicy = {
  name: "scope-allow-list",
  description: "Consents only request scopes from the allow-list.",
  enforcementLevel: "advisory",
  configSchema: {
    properties: {
      allowedScopes: { type: "array", items: { type: "string" }, default: DEFAULT_ALLOWED_SCOPES },
    },
  },
  validateStack: (args, reportViolation) => {
    const allowed = new Set(args.getConfig<ScopeAllowListConfig>().allowedScopes.map((s) => s.toLowerCase()));
    for (const consent of consents(args.resources)) {
      const outside = [...new Set(consent.grants.flatMap((g) => g.scopes))].filter(
        (s) => !allowed.has(s.toLowerCase()),
      );
      if (outside.length > 0) {
        reportViolation(
          `Consent ${consent.name} for ${customerLabel(consent.customerTenantId, args.resources)} requests scopes outside the allow-list: ` +
            `${outside.join(", ")}. Fix: remove them, or add them to scope-allow-list's allowedScopes after review.`,
          consent.urn,
        );
      }
    }
  },
};
