import type { StackValidationPolicy } from "@pulumi/policy";

import { DEFAULT_REWST_PROD_APP_ID, enterpriseApps, sameId, usesCspResources } from "./lib/resources";

export interface RewstProdSpPresentConfig {
  rewstProdAppId: string;
}

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
    properties: { rewstProdAppId: { type: "string", default: DEFAULT_REWST_PROD_APP_ID } },
  },
  validateStack: (args, reportViolation) => {
    // Only stacks that manage the CSP integration are expected to hold Rewst Prod.
    if (!usesCspResources(args.resources)) return;
    const { rewstProdAppId } = args.getConfig<RewstProdSpPresentConfig>();
    const declared = enterpriseApps(args.resources).filter((a) => sameId(a.applicationId, rewstProdAppId));
    if (declared.length === 0) {
      reportViolation(
        `Rewst Prod (app ${rewstProdAppId}) is not declared in the partner tenant. Expected: an EnterpriseApplication ` +
          `(or azuread ServicePrincipal) with that application id. Observed: none. Fix: declare ` +
          `new EnterpriseApplication("rewst-prod", { tenantId: <partner tenant>, applicationId: "${rewstProdAppId}" }).`,
      );
      return;
    }
    for (const app of declared) {
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
