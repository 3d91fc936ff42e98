/**
 * Type tokens of the package's dynamic resources.
 *
 * Every resource registers as `pulumi-nodejs:dynamic/rewst-csp:<Type>`, so policies and reports can
 * tell them apart without reading the serialized provider. This module has no imports: the policy
 * pack loads it directly.
 */
export const TYPE_MODULE = "rewst-csp";

/** Builds the full type token for a resource type of this package. */
export function typeToken<T extends string>(type: T): `pulumi-nodejs:dynamic/rewst-csp:${T}` {
  return `pulumi-nodejs:dynamic/${TYPE_MODULE}:${type}`;
}

/** Link of a CSP customer tenant to a Rewst organization. */
export const CLIENT_MAPPING_TYPE = typeToken("ClientMapping");

/** CPV consent of an application in a customer tenant. */
export const CPV_CONSENT_TYPE = typeToken("CpvConsent");

/** An application's service principal (enterprise app) in a tenant. */
export const ENTERPRISE_APPLICATION_TYPE = typeToken("EnterpriseApplication");

/**
 * The component that records a stack's policy exemptions (from the mappings file) for the pack:
 * a component, so an exemption edit changes only its outputs and plans no step.
 */
export const EXEMPTIONS_TYPE = "rewst-csp:index:PolicyExemptions";

/** The package name of the native provider plugin (`pulumi-resource-rewst-csp`) and its schema. */
export const NATIVE_PACKAGE = "rewst-csp";

/**
 * The native face's type tokens (schema module `index`), each with the dynamic token of the same
 * resource: both faces run one implementation, and the pack judges both alike.
 */
export const NATIVE_TYPE_TOKENS = {
  [`${NATIVE_PACKAGE}:index:ClientMapping`]: CLIENT_MAPPING_TYPE,
  [`${NATIVE_PACKAGE}:index:CpvConsent`]: CPV_CONSENT_TYPE,
  [`${NATIVE_PACKAGE}:index:EnterpriseApplication`]: ENTERPRISE_APPLICATION_TYPE,
} as const;

/**
 * One name per resource kind for whatever judges resources (the pack, the report): a native
 * token becomes the dynamic token of the same resource; any other type is returned as it is.
 */
export function canonicalType(type: string): string {
  return (NATIVE_TYPE_TOKENS as Readonly<Record<string, string>>)[type] ?? type;
}

/** The native face's component that declares a whole mappings file (sharding included). */
export const FLEET_TYPE = `${NATIVE_PACKAGE}:index:Fleet`;
