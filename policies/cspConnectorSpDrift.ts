import type { StackValidationPolicy } from "@pulumi/policy";

import { appRoleManagedResources, managesAppRoles, resourceAppRoles } from "../provider/domain/grants";
import {
  customerLabel,
  sameId,
  scopeSet,
  type ConnectorAppIdsConfig,
  connectorAppIdsSchema,
  connectorConsents,
} from "./lib/resources";

export type CspConnectorSpDriftConfig = ConnectorAppIdsConfig;

/**
 * `csp-connector-sp-drift` (stack, mandatory): the connector's service principal was re-created, or
 * its observed scopes differ from the declared ones (missing and extra scopes are listed).
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
      if (!consent.servicePrincipalObjectId) continue; // absent: csp-connector-sp-present reports it
      const customer = customerLabel(consent.customerTenantId, args.resources);
      if (
        consent.originalServicePrincipalObjectId &&
        !sameId(consent.originalServicePrincipalObjectId, consent.servicePrincipalObjectId)
      ) {
        reportViolation(
          `The CSP Connector's service principal in ${customer} was re-created. Expected object id: ${consent.originalServicePrincipalObjectId}. ` +
            `Observed: ${consent.servicePrincipalObjectId}. Fix: the integration was removed and re-added; re-consent with pulumi up --replace '${consent.urn}', which records the new principal, and check Rewst.`,
        );
      }
      if (consent.declaredGrants) {
        const declared = scopeSet(consent.declaredGrants);
        // Observed and declared scopes recorded by the same read (the `grants` input may already
        // hold a planned change during preview).
        const observed = scopeSet(
          Object.entries(consent.grantedScopes ?? {}).map(([enterpriseApplicationId, scopes]) => ({
            enterpriseApplicationId,
            scopes,
          })),
        );
        const missing = [...declared].filter((s) => !observed.has(s));
        const extra = [...observed].filter((s) => !declared.has(s));
        if (missing.length || extra.length) {
          reportViolation(
            `The CSP Connector's scopes in ${customer} drifted. Missing: ${missing.join(", ") || "none"}. Extra: ${extra.join(", ") || "none"}. ` +
              `Fix: put the declared scopes back in place (the consent stays): with rewst-csp:consentDrift repair, run pulumi up --target '${consent.urn}'; or declare the scopes the tenant has.`,
          );
        }
        // App roles, where the stack recorded them (stacks of earlier releases did not).
        // Only resources whose grant lists appRoles are managed; roles elsewhere (Exchange's, which
        // Rewst assigns) are reported by `rewst-csp report`, not repaired, so they are no drift.
        if (consent.grantedAppRoles && managesAppRoles(consent.declaredGrants)) {
          const managed = appRoleManagedResources(consent.declaredGrants);
          const onManaged = (entry: string) => managed.has(entry.slice(0, entry.indexOf(":")));
          const declaredRoles = new Set(resourceAppRoles(consent.declaredGrants));
          const observedRoles = new Set(
            resourceAppRoles(
              Object.entries(consent.grantedAppRoles).map(([enterpriseApplicationId, appRoles]) => ({
                enterpriseApplicationId,
                appRoles,
              })),
            ).filter(onManaged),
          );
          const lacking = [...declaredRoles].filter((r) => !observedRoles.has(r));
          const added = [...observedRoles].filter((r) => !declaredRoles.has(r));
          if (lacking.length || added.length)
            reportViolation(
              `The CSP Connector's app roles in ${customer} drifted. Missing: ${lacking.join(", ") || "none"}. Extra: ${added.join(", ") || "none"}. ` +
                `Fix: with rewst-csp:consentDrift repair, run pulumi up --target '${consent.urn}' (roles are assigned and removed through Graph, the consent stays); or declare the roles the tenant has.`,
            );
        }
      }
    }
  },
};
