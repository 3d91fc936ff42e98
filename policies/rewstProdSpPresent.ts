import type { StackValidationPolicy } from "@pulumi/policy";

import {
  PARTNER_TENANT_APP_IDS,
  appIdListSchema,
  appIdsOf,
  enterpriseApps,
  oneOf,
  usesCspResources,
} from "./lib/resources";

export interface RewstProdSpPresentConfig {
  /** One app id (earlier releases' key): judged alone when set. */
  rewstProdAppId?: string;
  /** Rewst's apps in the partner tenant, any generation (default: MS Cloud Connector, Rewst Prod). */
  rewstAppIds?: string[];
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
    properties: {
      rewstProdAppId: { type: "string" },
      rewstAppIds: appIdListSchema(PARTNER_TENANT_APP_IDS),
    },
  },
  validateStack: (args, reportViolation) => {
    // Only stacks that manage the CSP integration are expected to hold Rewst Prod.
    if (!usesCspResources(args.resources)) return;
    const config = args.getConfig<RewstProdSpPresentConfig>();
    const ids = appIdsOf({ single: config.rewstProdAppId, list: config.rewstAppIds }, PARTNER_TENANT_APP_IDS);
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
