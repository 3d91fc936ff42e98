/**
 * The look-ups the plugin serves as functions (`fn::invoke` in YAML, invoke in every SDK), over
 * the same reads as the dynamic package's `getGdapRelationships` and friends. Read-only.
 */
import type { ConfigLookup } from "../config/configSource";
import { ProviderError } from "../errors";
import {
  fetchGdapRelationships,
  fetchPartnerCenterCustomers,
  fetchServicePrincipalsByAppId,
} from "../functions";
import { NATIVE_PACKAGE } from "../typeTokens";

const text = (inputs: Record<string, unknown>, key: string, required: boolean): string | undefined => {
  const value = inputs[key];
  if (value === undefined && !required) return undefined;
  if (typeof value !== "string" || value === "")
    throw new ProviderError(
      "INPUTS_INVALID",
      `${key} must be ${required ? "given as " : ""}a non-empty string`,
    );
  return value;
};

/** Each function: its token, the inputs it takes, the one output it returns. */
export const NATIVE_FUNCTIONS = {
  [`${NATIVE_PACKAGE}:index:getGdapRelationships`]: {
    description: "The partner's GDAP relationships with a customer (or all), with their access assignments.",
    inputs: { customerTenantId: { required: false } },
    output: "relationships",
    run: (config: ConfigLookup, inputs: Record<string, unknown>) =>
      fetchGdapRelationships(config, text(inputs, "customerTenantId", false)),
  },
  [`${NATIVE_PACKAGE}:index:getServicePrincipalsByAppId`]: {
    description: "The service principals of an application in a tenant (none, or one).",
    inputs: { tenantId: { required: true }, appId: { required: true } },
    output: "servicePrincipals",
    run: (config: ConfigLookup, inputs: Record<string, unknown>) =>
      fetchServicePrincipalsByAppId(config, text(inputs, "tenantId", true)!, text(inputs, "appId", true)!),
  },
  [`${NATIVE_PACKAGE}:index:listPartnerCenterCustomers`]: {
    description: "Every customer of the partner in Partner Center.",
    inputs: {},
    output: "customers",
    run: (config: ConfigLookup) => fetchPartnerCenterCustomers(config),
  },
} as const;

/** Runs a function by token; its result under its one output name. */
export async function invokeFunction(
  token: string,
  inputs: Record<string, unknown>,
  config: ConfigLookup,
): Promise<{ outputs: Record<string, unknown> }> {
  const fn = (NATIVE_FUNCTIONS as Record<string, (typeof NATIVE_FUNCTIONS)[keyof typeof NATIVE_FUNCTIONS]>)[
    token
  ];
  if (!fn)
    throw new ProviderError(
      "IMPLEMENTATION_NOT_FOUND",
      `the rewst-csp provider has no function ${token}; known: ${Object.keys(NATIVE_FUNCTIONS).join(", ")}`,
    );
  return { outputs: { [fn.output]: await fn.run(config, inputs) } };
}
