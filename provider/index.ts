/**
 * pulumi-rewst-csp: Pulumi resources for Rewst's Microsoft CSP integration.
 */
export { ClientMapping, type ClientMappingArgs } from "./resources/clientMapping";
export { CpvConsent, type CpvConsentArgs } from "./resources/cpvConsent";
export { EnterpriseApplication, type EnterpriseApplicationArgs } from "./resources/enterpriseApplication";
export { CLIENT_MAPPING_TYPE, CPV_CONSENT_TYPE, ENTERPRISE_APPLICATION_TYPE, typeToken } from "./typeTokens";
export { ProviderError, type ProviderErrorCode } from "./errors";
export { providerConfigSchema, type ProviderConfig } from "./config/providerConfig";
export type { GdapRelationshipView } from "./tenant/gdapListing";
export {
  fetchGdapRelationships,
  getGdapRelationships,
  fetchPartnerCenterCustomers,
  fetchServicePrincipalsByAppId,
  getServicePrincipalsByAppId,
  listPartnerCenterCustomers,
} from "./functions";
export { declareFromMappings, type CustomerSummary } from "./stack/declareFromMappings";
// The native face's classes (served by the rewst-csp plugin, which Pulumi.yaml must name).
export { NativeClientMapping, NativeCpvConsent, NativeEnterpriseApplication } from "./native/resources";
export { loadMappings, parseMappings, MappingsFileError, type MappingsProblem } from "./mappings/load";
export { mappingsFileSchema, type MappingsFile, type MappingsFileInput } from "./mappings/schema";
export type { ResolvedMappings } from "./mappings/resolve";
