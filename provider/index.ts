/**
 * pulumi-rewst-csp: Pulumi resources for Rewst's Microsoft CSP integration.
 */
export { RemoteRecord, type RemoteRecordArgs } from "./resources/remoteRecord";
export { REMOTE_RECORD_TYPE, typeToken } from "./typeTokens";
export { ProviderError, type ProviderErrorCode } from "./errors";
export { providerConfigSchema, type ProviderConfig } from "./config/providerConfig";
