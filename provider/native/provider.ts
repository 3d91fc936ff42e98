/**
 * Face 2: the native provider plugin `rewst-csp`. It dispatches on the type token to the same
 * implementations the dynamic face loads, with the settings of the engine's Configure.
 */
import type * as pulumi from "@pulumi/pulumi";

import type { ConfigLookup } from "../config/configSource";
import type { PropertyBag, ResourceImplementation } from "../dynamic/contract";
import { ProviderError } from "../errors";
import { FLEET_TYPE, NATIVE_TYPE_TOKENS } from "../typeTokens";
import { Fleet } from "./fleet";
import { invokeFunction } from "./functions";
import { unwrapSecrets, wrapSecrets } from "./secrets";

/** The resource type of a URN (`urn:pulumi:<stack>::<project>::<parent$type>::<name>`). */
export function typeOfUrn(urn: string): string {
  const qualified = urn.split("::")[2] ?? "";
  return qualified.split("$").pop() ?? qualified;
}

/** The provider object `@pulumi/pulumi/provider`'s `main` serves. */
export function nativeProvider(
  implementations: Readonly<Record<string, ResourceImplementation>>,
  config: ConfigLookup,
  version: string,
  schema: string,
): pulumi.provider.Provider {
  const ctx = { config };
  const implementationOf = (urn: string): ResourceImplementation => {
    const type = typeOfUrn(urn);
    const dynamicType = (NATIVE_TYPE_TOKENS as Record<string, string>)[type];
    const implementation = dynamicType ? implementations[dynamicType] : undefined;
    if (!implementation)
      throw new ProviderError(
        "IMPLEMENTATION_NOT_FOUND",
        `the rewst-csp provider ${version} has no resource ${type}; known: ${Object.keys(NATIVE_TYPE_TOKENS).join(", ")}`,
      );
    return implementation;
  };
  /** Runs an operation on unwrapped values; what it returns is wrapped where its inputs were secret. */
  // The SDK passes property bags untyped; they are bags of the engine's values.
  const plain = (...bags: unknown[]) => {
    const unwrapped = bags.map((bag) => unwrapSecrets(bag as PropertyBag | undefined));
    const secretKeys = new Set(unwrapped.flatMap((bag) => [...bag.secretKeys]));
    return {
      values: unwrapped.map((bag) => bag.plain),
      wrap: (bag: PropertyBag | undefined) => (bag === undefined ? undefined : wrapSecrets(bag, secretKeys)),
    };
  };
  return {
    version,
    getSchema: () => Promise.resolve(schema),
    check: async (urn, olds, news) => {
      const { values, wrap } = plain(olds, news);
      const result = await implementationOf(urn).check(values[0], values[1], ctx);
      return { ...result, inputs: wrap(result.inputs as PropertyBag | undefined) };
    },
    diff: async (id, urn, olds, news) => {
      const { values } = plain(olds, news);
      return implementationOf(urn).diff(id, values[0], values[1], ctx);
    },
    create: async (urn, inputs) => {
      const { values, wrap } = plain(inputs);
      const result = await implementationOf(urn).create(values[0], ctx);
      return { id: result.id, outs: wrap(result.outs as PropertyBag | undefined) };
    },
    read: async (id, urn, props) => {
      const { values, wrap } = plain(props);
      const result = await implementationOf(urn).read(id, values[0], ctx);
      // Gone from the tenant: an empty id tells the engine to drop it from state.
      if (!result.id) return { id: "", props: {} };
      return {
        ...result,
        props: wrap(result.props as PropertyBag | undefined),
        inputs: wrap(result.inputs as PropertyBag | undefined),
      };
    },
    update: async (id, urn, olds, news) => {
      const { values, wrap } = plain(olds, news);
      const result = await implementationOf(urn).update(id, values[0], values[1], ctx);
      return { outs: wrap(result.outs as PropertyBag | undefined) };
    },
    delete: async (id, urn, props) => {
      const { values } = plain(props);
      await implementationOf(urn).delete(id, values[0], ctx);
    },
    invoke: (token, inputs) => invokeFunction(token, (inputs ?? {}) as Record<string, unknown>, config),
    construct: (name, type, inputs, options) => {
      if (type !== FLEET_TYPE)
        throw new ProviderError(
          "IMPLEMENTATION_NOT_FOUND",
          `the rewst-csp provider ${version} has no component ${type}`,
        );
      const mappingsFile = (inputs as { mappingsFile?: unknown }).mappingsFile;
      if (typeof mappingsFile !== "string" || mappingsFile === "")
        throw new ProviderError(
          "INPUTS_INVALID",
          `${type} ${name}: mappingsFile must name the mappings file (a path)`,
        );
      const fleet = new Fleet(name, { mappingsFile }, options);
      return Promise.resolve({ urn: fleet.urn, state: { summary: fleet.summary, counts: fleet.counts } });
    },
  };
}
