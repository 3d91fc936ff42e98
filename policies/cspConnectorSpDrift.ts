import type { StackValidationPolicy } from "@pulumi/policy";

import { verdictOf } from "../provider/domain/drift";
import {
  customerLabel,
  type ConnectorAppIdsConfig,
  connectorAppIdsSchema,
  connectorConsents,
} from "./lib/resources";

export type CspConnectorSpDriftConfig = ConnectorAppIdsConfig;

/**
 * `csp-connector-sp-drift` (stack, mandatory): the connector's service principal was re-created, or
 * its scopes or managed app roles differ from the declaration, as the provider's last read judged
 * it (the verdict diff and `rewst-csp report` read too).
 */
export const cspConnectorSpDrift: StackValidationPolicy = {
  name: "csp-connector-sp-drift",
  description:
    "The CSP Connector's service principal was not re-created and holds exactly the declared scopes.",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: { ...connectorAppIdsSchema() },
  },
  validateStack: (args, reportViolation) => {
    const config = args.getConfig<CspConnectorSpDriftConfig>();
    for (const consent of connectorConsents(args.resources, config)) {
      // The verdict the last read recorded (provider/domain/drift.ts).
      const drift = verdictOf(consent);
      if (drift.principal !== "present") continue; // csp-connector-sp-present reports it
      const customer = customerLabel(consent.customerTenantId, args.resources);
      const list = (entries: string[]) => entries.join(", ") || "none";
      if (drift.recreated)
        reportViolation(
          `The CSP Connector's service principal in ${customer} was re-created. Expected object id: ${consent.originalServicePrincipalObjectId}. ` +
            `Observed: ${consent.servicePrincipalObjectId}. Fix: the integration was removed and re-added; re-consent with pulumi up --replace '${consent.urn}', which records the new principal, and check Rewst.`,
          consent.urn,
        );
      if (drift.missingScopes.length || drift.extraScopes.length)
        reportViolation(
          `The CSP Connector's scopes in ${customer} drifted. Missing: ${list(drift.missingScopes)}. Extra: ${list(drift.extraScopes)}. ` +
            `Fix: put the declared scopes back in place (the consent stays): with rewst-csp:consentDrift repair, run pulumi up --target '${consent.urn}'; or declare the scopes the tenant has.`,
          consent.urn,
        );
      // Only resources whose grant lists appRoles are managed; roles elsewhere (Exchange's, which
      // Rewst assigns) are no drift.
      if (drift.missingAppRoles.length || drift.extraAppRoles.length)
        reportViolation(
          `The CSP Connector's app roles in ${customer} drifted. Missing: ${list(drift.missingAppRoles)}. Extra: ${list(drift.extraAppRoles)}. ` +
            `Fix: with rewst-csp:consentDrift repair, run pulumi up --target '${consent.urn}' (roles are assigned and removed through Graph, the consent stays); or declare the roles the tenant has.`,
          consent.urn,
        );
    }
  },
};
