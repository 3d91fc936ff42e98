import type { StackValidationPolicy } from "@pulumi/policy";

import {
  customerLabel,
  type ConnectorAppIdsConfig,
  connectorAppIdsSchema,
  connectorConsents,
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
    properties: { ...connectorAppIdsSchema() },
  },
  validateStack: (args, reportViolation) => {
    const config = args.getConfig<ConnectorAppIdsConfig>();
    for (const consent of connectorConsents(args.resources, config)) {
      const connectorAppId = consent.applicationId;
      for (const stale of consent.staleServicePrincipals ?? []) {
        reportViolation(
          `${customerLabel(consent.customerTenantId, args.resources)} has a stale service principal "${stale.displayName}" ` +
            `(object ${stale.objectId}, app ${stale.appId}). Expected: only app ${connectorAppId}. ` +
            `Fix: delete the stale enterprise application in that tenant after checking nothing uses it.`,
          consent.urn,
        );
      }
    }
  },
};
