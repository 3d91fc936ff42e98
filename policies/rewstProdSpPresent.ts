import type { StackValidationPolicy } from "@pulumi/policy";

import {
  enterpriseApps,
  oneOf,
  usesCspResources,
  type RewstAppIdsConfig,
  rewstAppIdsOf,
  rewstAppIdsSchema,
} from "./lib/resources";

export type RewstProdSpPresentConfig = RewstAppIdsConfig;

/**
 * `rewst-prod-sp-present` (stack, mandatory): the partner tenant has the Rewst Prod enterprise app,
 * present and enabled — declared through EnterpriseApplication or @pulumi/azuread's ServicePrincipal
 * with the configured client id.
 */
export const rewstProdSpPresent: StackValidationPolicy = {
  name: "rewst-prod-sp-present",
  description: "The partner tenant has the Rewst Prod enterprise application, present and enabled.",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      ...rewstAppIdsSchema(),
    },
  },
  validateStack: (args, reportViolation) => {
    // Only stacks that manage the CSP integration are expected to hold Rewst Prod.
    if (!usesCspResources(args.resources)) return;
    const config = args.getConfig<RewstProdSpPresentConfig>();
    const ids = rewstAppIdsOf(config);
    // Either generation will do: the MS Cloud Connector bundle app, or Rewst Prod before it.
    const declared = enterpriseApps(args.resources).filter((a) => oneOf(ids, a.applicationId));
    if (declared.length === 0) {
      reportViolation(
        `Rewst's app (${ids.join(" or ")}) is not declared in the partner tenant. Expected: an EnterpriseApplication ` +
          `(or azuread ServicePrincipal) with one of those application ids. Observed: none. Fix: declare ` +
          `new EnterpriseApplication("rewst-prod", { tenantId: <partner tenant>, applicationId: "${ids[0]}" }).`,
      );
      return;
    }
    for (const app of declared) {
      const rewstProdAppId = app.applicationId;
      if (!app.objectId) {
        reportViolation(
          `Rewst Prod (app ${rewstProdAppId}) in tenant ${app.tenantId ?? "(partner)"} is missing. Expected: a service principal. ` +
            `Observed: none (pulumi up would create it). Fix: run pulumi up, then re-authorize Rewst if it had been deleted.`,
        );
      } else if (app.accountEnabled === false) {
        reportViolation(
          `Rewst Prod (app ${rewstProdAppId}) in tenant ${app.tenantId ?? "(partner)"} is disabled. Expected: accountEnabled true. ` +
            `Observed: false. Fix: enable the enterprise application in Entra ID (Properties → Enabled for users to sign in).`,
        );
      }
    }
  },
};
