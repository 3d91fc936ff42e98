import type { StackValidationPolicy } from "@pulumi/policy";

import {
  enterpriseApps,
  oneOf,
  sameId,
  type RewstAppIdsConfig,
  rewstAppIdsOf,
  rewstAppIdsSchema,
} from "./lib/resources";

export interface RewstProdSpDriftConfig extends RewstAppIdsConfig {
  /** Object id recorded for Rewst Prod; a different one means it was deleted and re-created. */
  expectedObjectId?: string;
  /** Delegated scopes Rewst Prod is expected to hold (any resource). */
  expectedDelegatedScopes?: string[];
  /** App role ids Rewst Prod is expected to hold. */
  expectedAppRoleIds?: string[];
}

/**
 * `rewst-prod-sp-drift` (stack, mandatory): Rewst Prod was re-created (object id differs from the
 * recorded one), is disabled, or its grants or app roles differ from the expected set.
 */
export const rewstProdSpDrift: StackValidationPolicy = {
  name: "rewst-prod-sp-drift",
  description: "Rewst Prod was not re-created or disabled, and holds the expected grants and app roles.",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      ...rewstAppIdsSchema(),
      expectedObjectId: { type: "string" },
      expectedDelegatedScopes: { type: "array", items: { type: "string" } },
      expectedAppRoleIds: { type: "array", items: { type: "string" } },
    },
  },
  validateStack: (args, reportViolation) => {
    const config = args.getConfig<RewstProdSpDriftConfig>();
    const ids = rewstAppIdsOf(config);
    for (const app of enterpriseApps(args.resources).filter((a) => oneOf(ids, a.applicationId))) {
      const where = `Rewst's app ${app.applicationId} in tenant ${app.tenantId ?? "(partner)"}`;
      if (!app.objectId) continue; // missing altogether: rewst-prod-sp-present reports it
      const recorded = config.expectedObjectId ?? app.originalObjectId;
      if (recorded && !sameId(recorded, app.objectId)) {
        reportViolation(
          `${where} was re-created. Expected object id: ${recorded}. Observed: ${app.objectId}. ` +
            `Fix: re-authorize the Rewst integration (consents and role assignments of the old principal are gone), then record the new id.`,
        );
      }
      if (app.accountEnabled === false) {
        reportViolation(
          `${where} is disabled. Expected: enabled. Observed: disabled. Fix: enable the enterprise application.`,
        );
      }
      if (config.expectedDelegatedScopes && app.delegatedGrants) {
        const observed = new Set(app.delegatedGrants.flatMap((g) => g.scopes.map((s) => s.toLowerCase())));
        const expected = new Set(config.expectedDelegatedScopes.map((s) => s.toLowerCase()));
        const missing = [...expected].filter((s) => !observed.has(s));
        const extra = [...observed].filter((s) => !expected.has(s));
        if (missing.length || extra.length) {
          reportViolation(
            `${where} has drifted delegated grants. Missing: ${missing.join(", ") || "none"}. Extra: ${extra.join(", ") || "none"}. ` +
              `Fix: re-consent Rewst Prod or remove the extra grants in Entra ID.`,
          );
        }
      }
      if (config.expectedAppRoleIds && app.appRoleAssignments) {
        const observed = new Set(app.appRoleAssignments.map((a) => a.appRoleId.toLowerCase()));
        const missing = config.expectedAppRoleIds.filter((id) => !observed.has(id.toLowerCase()));
        if (missing.length) {
          reportViolation(
            `${where} lacks app roles ${missing.join(", ")}. Fix: grant admin consent for those application permissions.`,
          );
        }
      }
    }
  },
};
