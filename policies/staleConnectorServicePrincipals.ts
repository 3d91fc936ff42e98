import type { StackValidationPolicy } from "@pulumi/policy";

import {
  CONNECTOR_APP_IDS,
  appIdListSchema,
  appIdsOf,
  oneOf,
  consents,
  customerLabel,
} from "./lib/resources";

/**
 * `stale-connector-service-principals` (stack, advisory): other service principals in a customer
 * tenant named like the connector but with another app id, left over from a removed and re-added
 * integration.
 */
export const staleConnectorServicePrincipals: StackValidationPolicy = {
  name: "stale-connector-service-principals",
  description: "No leftover service principals named like the CSP Connector remain in customer tenants.",
  enforcementLevel: "advisory",
  configSchema: {
    properties: { connectorAppId: { type: "string" }, connectorAppIds: appIdListSchema(CONNECTOR_APP_IDS) },
  },
  validateStack: (args, reportViolation) => {
    const config = args.getConfig<{ connectorAppId?: string; connectorAppIds?: string[] }>();
    const ids = appIdsOf({ single: config.connectorAppId, list: config.connectorAppIds }, CONNECTOR_APP_IDS);
    for (const consent of consents(args.resources).filter((c) => oneOf(ids, c.applicationId))) {
      const connectorAppId = consent.applicationId;
      for (const stale of consent.staleServicePrincipals ?? []) {
        reportViolation(
          `${customerLabel(consent.customerTenantId, args.resources)} has a stale service principal "${stale.displayName}" ` +
            `(object ${stale.objectId}, app ${stale.appId}). Expected: only app ${connectorAppId}. ` +
            `Fix: delete the stale enterprise application in that tenant after checking nothing uses it.`,
        );
      }
    }
  },
};
