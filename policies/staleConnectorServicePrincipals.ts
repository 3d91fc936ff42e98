import type { StackValidationPolicy } from "@pulumi/policy";

import { DEFAULT_CONNECTOR_APP_ID, consents, customerLabel, sameId } from "./lib/resources";

/**
 * `stale-connector-service-principals` (stack, advisory): other service principals in a customer
 * tenant named like the connector but with another app id, left over from a removed and re-added
 * integration.
 */
export const staleConnectorServicePrincipals: StackValidationPolicy = {
  name: "stale-connector-service-principals",
  description: "No leftover service principals named like the CSP Connector remain in customer tenants.",
  enforcementLevel: "advisory",
  configSchema: { properties: { connectorAppId: { type: "string", default: DEFAULT_CONNECTOR_APP_ID } } },
  validateStack: (args, reportViolation) => {
    const { connectorAppId } = args.getConfig<{ connectorAppId: string }>();
    for (const consent of consents(args.resources).filter((c) => sameId(c.applicationId, connectorAppId))) {
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
