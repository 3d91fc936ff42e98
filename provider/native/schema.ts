/**
 * The native provider's Pulumi package schema, generated from the zod declarations the dynamic
 * face validates with: each resource's inputs from its input schema, its properties from the
 * stored-state schema, the provider's settings from the config schema (secrets marked).
 */
import { z } from "zod";

import { SECRET_KEYS, providerConfigSchema } from "../config/providerConfig";
import { clientMappingInputsSchema, storedClientMappingSchema } from "../resources/clientMapping/schema";
import { cpvConsentInputsSchema, storedCpvConsentSchema } from "../resources/cpvConsent/schema";
import {
  enterpriseApplicationInputsSchema,
  storedEnterpriseApplicationSchema,
} from "../resources/enterpriseApplication/schema";
import { FLEET_TYPE, NATIVE_PACKAGE } from "../typeTokens";
import { NATIVE_FUNCTIONS } from "./functions";

/** A property's type as Pulumi's schema spells it. */
export interface PropertySpec {
  type?: "string" | "number" | "integer" | "boolean" | "array" | "object";
  items?: PropertySpec;
  additionalProperties?: PropertySpec;
  $ref?: string;
  description?: string;
  secret?: boolean;
}
interface ObjectSpec {
  type: "object";
  description?: string;
  properties: Record<string, PropertySpec>;
  required?: string[];
}
interface ResourceSpec {
  description: string;
  isComponent?: boolean;
  inputProperties: Record<string, PropertySpec>;
  requiredInputs: string[];
  properties: Record<string, PropertySpec>;
  required: string[];
}
export interface PackageSchema {
  name: string;
  version: string;
  displayName: string;
  description: string;
  license: string;
  config: { variables: Record<string, PropertySpec> };
  provider: { description: string; inputProperties: Record<string, PropertySpec> };
  resources: Record<string, ResourceSpec>;
  functions: Record<string, FunctionSpec>;
  types: Record<string, ObjectSpec>;
  /** What `pulumi package gen-sdk` needs per language (package names, Go import path). */
  language: Record<string, Record<string, unknown>>;
}
interface FunctionSpec {
  description: string;
  inputs?: { properties: Record<string, PropertySpec>; required?: string[] };
  outputs: { properties: Record<string, PropertySpec>; required: string[] };
}

type JsonSchema = {
  type?: string | string[];
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  additionalProperties?: JsonSchema | boolean;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
};

const ANY = { $ref: "pulumi.json#/Any" } as const;
const capitalized = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);
const SCALARS = new Set(["string", "number", "integer", "boolean"]);

/** Converts one JSON Schema node; object shapes become named types in `types`. */
function convert(json: JsonSchema, typeName: string, types: Record<string, ObjectSpec>): PropertySpec {
  const described = json.description ? { description: json.description } : {};
  const alternatives = (json.anyOf ?? json.oneOf)?.filter((option) => option.type !== "null");
  if (alternatives)
    return alternatives.length === 1
      ? convert({ ...alternatives[0], ...described }, typeName, types)
      : { ...ANY, ...described };
  const type = Array.isArray(json.type)
    ? json.type.filter((t) => t !== "null")
    : json.type
      ? [json.type]
      : [];
  if (type.length !== 1) return { ...ANY, ...described };
  const [only] = type;
  if (SCALARS.has(only)) return { type: only as PropertySpec["type"], ...described };
  if (only === "array")
    return {
      type: "array",
      items: json.items ? convert(json.items, `${typeName}Item`, types) : ANY,
      ...described,
    };
  if (only !== "object") return { ...ANY, ...described };
  if (json.properties) {
    types[`${NATIVE_PACKAGE}:index:${typeName}`] = objectSpec(json, typeName, types);
    return { $ref: `#/types/${NATIVE_PACKAGE}:index:${typeName}`, ...described };
  }
  return typeof json.additionalProperties === "object"
    ? {
        type: "object",
        additionalProperties: convert(json.additionalProperties, `${typeName}Value`, types),
        ...described,
      }
    : { ...ANY, ...described };
}

function objectSpec(json: JsonSchema, typeName: string, types: Record<string, ObjectSpec>): ObjectSpec {
  return {
    type: "object",
    ...(json.description ? { description: json.description } : {}),
    properties: Object.fromEntries(
      Object.entries(json.properties ?? {}).map(([key, value]) => [
        key,
        convert(value, `${typeName}${capitalized(key)}`, types),
      ]),
    ),
    ...(json.required?.length ? { required: [...json.required].sort() } : {}),
  };
}

const jsonSchemaOf = (schema: z.ZodType, io: "input" | "output") =>
  z.toJSONSchema(schema, { io, unrepresentable: "any" }) as JsonSchema;

function resourceSpec(
  name: string,
  description: string,
  inputs: z.ZodType,
  stored: z.ZodType,
  types: Record<string, ObjectSpec>,
): ResourceSpec {
  const declared = objectSpec(jsonSchemaOf(inputs, "input"), name, types);
  const recorded = objectSpec(jsonSchemaOf(stored, "output"), `${name}Observed`, types);
  // A transformed value (a GUID lower-cased) has no output type in JSON Schema: its input type holds.
  const untyped = (spec: PropertySpec) => "$ref" in spec && spec.$ref === ANY.$ref;
  const properties = Object.fromEntries(
    Object.entries({ ...declared.properties, ...recorded.properties }).map(([key, spec]) => [
      key,
      untyped(spec) && declared.properties[key]
        ? declared.properties[key]
        : {
            ...(declared.properties[key]?.description
              ? { description: declared.properties[key].description }
              : {}),
            ...spec,
          },
    ]),
  );
  return {
    description,
    inputProperties: declared.properties,
    requiredInputs: declared.required ?? [],
    // What state records, with the declared inputs (state keeps both).
    properties,
    required: [...new Set([...(declared.required ?? []), ...(recorded.required ?? [])])].sort(),
  };
}

/** The package schema `pulumi package get-schema` prints (committed as schema.json). */
export function providerSchema(version: string): PackageSchema {
  const types: Record<string, ObjectSpec> = {};
  const settings = objectSpec(jsonSchemaOf(providerConfigSchema, "input"), "ProviderSettings", types);
  const variables = Object.fromEntries(
    Object.entries(settings.properties).map(([key, spec]) => [
      key,
      (SECRET_KEYS as readonly string[]).includes(key) ? { ...spec, secret: true } : spec,
    ]),
  );
  const resources: Record<string, ResourceSpec> = {
    [`${NATIVE_PACKAGE}:index:ClientMapping`]: resourceSpec(
      "ClientMapping",
      "Links a Microsoft CSP customer tenant to a Rewst organization (Rewst's client mapping).",
      clientMappingInputsSchema,
      storedClientMappingSchema,
      types,
    ),
    [`${NATIVE_PACKAGE}:index:CpvConsent`]: resourceSpec(
      "CpvConsent",
      "The CPV consent of an application in a customer tenant (Partner Center or Rewst), with its delegated grants and app roles.",
      cpvConsentInputsSchema,
      storedCpvConsentSchema,
      types,
    ),
    [`${NATIVE_PACKAGE}:index:EnterpriseApplication`]: resourceSpec(
      "EnterpriseApplication",
      "An application's service principal (enterprise app) in a tenant, adopted when it exists.",
      enterpriseApplicationInputsSchema,
      storedEnterpriseApplicationSchema,
      types,
    ),
  };
  resources[FLEET_TYPE] = {
    description:
      "Declares a whole mappings file: a ClientMapping per organization, a CpvConsent per customer consent and each EnterpriseApplication; in a sharded file, the customers of the shard named like the stack.",
    isComponent: true,
    inputProperties: {
      mappingsFile: {
        type: "string",
        description:
          "The mappings file (YAML); a relative path starts at the project (Pulumi.yaml's folder).",
      },
    },
    requiredInputs: ["mappingsFile"],
    properties: {
      summary: {
        ...ANY,
        description: "Per customer name: tenant, company, organizations, consent status, principal.",
      },
      counts: {
        ...ANY,
        description: "How many customers, mappings, consents and enterprise applications it declares.",
      },
    },
    required: ["counts", "summary"],
  };
  return {
    name: NATIVE_PACKAGE,
    version,
    displayName: "Rewst CSP",
    description:
      "Rewst client mappings, CPV consents and enterprise applications of Microsoft CSP customer tenants.",
    license: "Apache-2.0",
    config: { variables },
    provider: {
      description: "The rewst-csp provider: settings as the stack's rewst-csp:* config.",
      inputProperties: variables,
    },
    resources,
    // The look-ups return the services' own shapes (Graph, Partner Center, GDAP views): lists of Any.
    functions: Object.fromEntries(
      Object.entries(NATIVE_FUNCTIONS).map(([token, fn]): [string, FunctionSpec] => {
        const inputs = Object.entries(fn.inputs as Record<string, { required: boolean }>);
        return [
          token,
          {
            description: fn.description,
            ...(inputs.length > 0
              ? {
                  inputs: {
                    properties: Object.fromEntries(inputs.map(([key]) => [key, { type: "string" as const }])),
                    // Pulumi drops an empty list from the schema it serves.
                    ...(inputs.some(([, spec]) => spec.required)
                      ? { required: inputs.filter(([, spec]) => spec.required).map(([key]) => key) }
                      : {}),
                  },
                }
              : {}),
            outputs: { properties: { [fn.output]: { type: "array", items: ANY } }, required: [fn.output] },
          },
        ];
      }),
    ),
    types: Object.fromEntries(Object.entries(types).sort(([a], [b]) => a.localeCompare(b))),
    language: SDK_LANGUAGES,
  };
}

/**
 * The generated SDKs' names. The project has no public repository address yet, so the Go import
 * path is a local module path (`replace` it to the SDK's folder in the installed package), not a
 * URL: UNCONFIRMED until the owners name one.
 */
const SDK_LANGUAGES = {
  go: {
    importBasePath: "pulumi-rewst-csp/sdk/go/rewstcsp",
    rootPackageName: "rewstcsp",
    respectSchemaVersion: true,
  },
  nodejs: { packageName: "pulumi-rewst-csp-sdk", respectSchemaVersion: true },
  python: { packageName: "pulumi_rewst_csp", respectSchemaVersion: true },
  csharp: { rootNamespace: "Rewst", namespaces: { "rewst-csp": "Csp" }, respectSchemaVersion: true },
};
