import { judgeConsentDrift } from "../../domain/drift";
import { guidPairOf } from "../importId";
import type { StoredCpvConsent } from "./schema";

/**
 * The state `pulumi import rewst-csp:index:CpvConsent <name> <tenant>/<app>` starts from: nothing
 * declared yet (read takes the display name and grants from the tenant) and nothing created here,
 * so removing the imported consent never deletes the principal it found.
 */
export function importedConsentState(id: string): StoredCpvConsent {
  const [customerTenantId, applicationId] = guidPairOf(id, "<customer tenant id>/<application id>");
  const nothing = {
    status: "pending" as const,
    servicePrincipalObjectId: "",
    originalServicePrincipalObjectId: "",
  };
  return {
    customerTenantId,
    applicationId,
    via: "partnerCenter",
    displayName: "",
    grants: [],
    declaredGrants: [],
    ...nothing,
    createdServicePrincipalObjectId: "",
    consentedAt: "",
    correlationId: "",
    drift: judgeConsentDrift({ ...nothing, observed: [], declared: [] }),
    staleServicePrincipals: [],
    grantedScopes: {},
    grantedAppRoles: {},
    gdapStatus: null,
    gdap: null,
  };
}
