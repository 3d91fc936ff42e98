/**
 * Entry point the serialized shim loads at call time (`dist/provider/runtime.js`).
 * It maps each type token to its implementation; see {@link ProviderRuntime}.
 */
import type { ResourceImplementation } from "./dynamic/contract";
import { withOperationDeadline } from "./session/deadline";
import { packageVersion as readPackageVersion } from "./packageInfo";
import { clientMappingImplementation } from "./resources/clientMapping/implementation";
import { cpvConsentImplementation } from "./resources/cpvConsent/implementation";
import { enterpriseApplicationImplementation } from "./resources/enterpriseApplication/implementation";
import { CLIENT_MAPPING_TYPE, CPV_CONSENT_TYPE, ENTERPRISE_APPLICATION_TYPE } from "./typeTokens";

export const packageVersion: string = readPackageVersion();

export const implementations: Readonly<Record<string, ResourceImplementation>> = Object.fromEntries(
  Object.entries({
    [CLIENT_MAPPING_TYPE]: clientMappingImplementation,
    [CPV_CONSENT_TYPE]: cpvConsentImplementation,
    [ENTERPRISE_APPLICATION_TYPE]: enterpriseApplicationImplementation,
  }).map(([type, impl]) => [type, withOperationDeadline(type, impl)]),
);
