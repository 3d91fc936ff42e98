import { judgeConsentDrift } from "../../domain/drift";
import { guidSchema } from "../../domain/identifiers";
import { ProviderError } from "../../errors";
import type { StoredCpvConsent } from "./schema";

/**
 * The state `pulumi import rewst-csp:index:CpvConsent <name> <tenant>/<app>` starts from: nothing
 * declared yet (read takes the display name and grants from the tenant) and nothing created here,
 * so removing the imported consent never deletes the principal it found.
 */
export function importedConsentState(id: string): StoredCpvConsent {
  const [tenant, app, ...rest] = id.split("/");
  const customerTenantId = guidSchema.safeParse(tenant);
  const applicationId = guidSchema.safeParse(app);
  if (rest.length > 0 || !customerTenantId.success || !applicationId.success)
    throw new ProviderError(
      "IMPORT_ID_INVALID",
      `the import id ${JSON.stringify(id)} is not <customer tenant id>/<application id> (two GUIDs)`,
    );
  const nothing = {
    status: "pending" as const,
    servicePrincipalObjectId: "",
    originalServicePrincipalObjectId: "",
  };
  return {
    customerTenantId: customerTenantId.data,
    applicationId: applicationId.data,
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
