import type { StackValidationPolicy } from "@pulumi/policy";

import {
  customerLabel,
  type ConnectorAppIdsConfig,
  connectorAppIdsSchema,
  connectorConsents,
} from "./lib/resources";

export interface CspConnectorSpPresentConfig extends ConnectorAppIdsConfig {
  /** How long a new consent may stay pending before it is a violation. */
  pendingGraceMinutes: number;
}

/**
 * `csp-connector-sp-present` (stack, mandatory): every consent of the CSP Connector shows its service
 * principal, enabled, in the customer tenant; one still pending after the grace period is a violation.
 */
export const cspConnectorSpPresent: StackValidationPolicy = {
  name: "csp-connector-sp-present",
  description: "Every CSP Connector consent shows its service principal in the customer tenant.",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      ...connectorAppIdsSchema(),
      pendingGraceMinutes: { type: "number", minimum: 0, default: 30 },
    },
  },
  validateStack: (args, reportViolation) => {
    const config = args.getConfig<CspConnectorSpPresentConfig>();
    const { pendingGraceMinutes } = config;
    for (const consent of connectorConsents(args.resources, config)) {
      const connectorAppId = consent.applicationId;
      // Not observed yet (a create in preview): nothing to judge.
      if (consent.status === undefined) continue;
      const customer = customerLabel(consent.customerTenantId, args.resources);
      if (consent.status === "disabled") {
        reportViolation(
          `The CSP Connector's service principal (app ${connectorAppId}, object ${consent.servicePrincipalObjectId}) in ${customer} is disabled. ` +
            "Expected: accountEnabled true. Observed: accountEnabled false, so Rewst cannot sign in to this tenant. " +
            "Fix: ask the customer's admin why it was disabled, then enable it (Entra admin center > Enterprise applications > " +
            `Properties > Enabled for users to sign in; or, signed in to that tenant through GDAP: az ad sp update --id ${consent.servicePrincipalObjectId} --set accountEnabled=true), ` +
            "or remove this consent from the stack. Meanwhile the apply workflow still applies every other customer.",
          consent.urn,
        );
        continue;
      }
      if (consent.servicePrincipalObjectId) continue;
      if (consent.status === "missing") {
        reportViolation(
          `The CSP Connector's service principal (app ${connectorAppId}) in ${customer} is missing. Expected: the service ` +
            `principal ${consent.originalServicePrincipalObjectId || "created by CPV consent"}. Observed: none; it was deleted after consent. ` +
            `Fix: if the customer removed the app on purpose, remove this consent from the stack; otherwise consent again ` +
            `with pulumi up --replace '${consent.urn}'.`,
          consent.urn,
        );
        continue;
      }
      const age = consent.consentedAt ? (Date.now() - Date.parse(consent.consentedAt)) / 60_000 : Infinity;
      if (consent.status !== "pending" || age > pendingGraceMinutes) {
        reportViolation(
          `The CSP Connector (app ${connectorAppId}) has no service principal in ${customer}. Expected: the service principal ` +
            `created by CPV consent. Observed: ${consent.status === "pending" ? `still pending after ${Math.round(age)} minutes` : "none"}. ` +
            `Fix: check GDAP for this customer and run pulumi up to consent again (or press the shield in Rewst).`,
          consent.urn,
        );
      }
    }
  },
};
