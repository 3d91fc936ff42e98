import type * as pulumi from "@pulumi/pulumi";

import type { ConfigLookup } from "../config/configSource";

/** A property bag as the engine passes it, without the serialized provider (`__provider`). */
export type PropertyBag = Record<string, unknown>;

/** What every implementation call receives besides its arguments. */
export interface CallContext {
  /** Reads a stack config value (secrets decrypted) as delivered to `configure()` at call time. */
  readonly config: ConfigLookup;
}

/**
 * One resource type's behaviour, loaded from the installed package at call time.
 *
 * This interface and {@link ProviderRuntime} are the contract between the serialized shim stored in
 * Pulumi state and the package: releases may change anything behind it, but not it.
 */
export interface ResourceImplementation {
  check(olds: PropertyBag, news: PropertyBag, ctx: CallContext): Promise<pulumi.dynamic.CheckResult>;
  diff(
    id: string,
    olds: PropertyBag,
    news: PropertyBag,
    ctx: CallContext,
  ): Promise<pulumi.dynamic.DiffResult>;
  create(inputs: PropertyBag, ctx: CallContext): Promise<pulumi.dynamic.CreateResult>;
  read(id: string, props: PropertyBag, ctx: CallContext): Promise<pulumi.dynamic.ReadResult>;
  update(
    id: string,
    olds: PropertyBag,
    news: PropertyBag,
    ctx: CallContext,
  ): Promise<pulumi.dynamic.UpdateResult>;
  delete(id: string, props: PropertyBag, ctx: CallContext): Promise<void>;
}

/** The module found at {@link RUNTIME_ENTRY} inside the installed package. */
export interface ProviderRuntime {
  /** Version of the package that provides the implementations. */
  readonly packageVersion: string;
  /** Implementations by full type token. */
  readonly implementations: Readonly<Record<string, ResourceImplementation>>;
}

/** Name of the npm package the shim loads its implementation from. */
export const PACKAGE_NAME = "pulumi-rewst-csp";

/** Path of the runtime module inside the package, relative to its root. */
export const RUNTIME_ENTRY = "dist/provider/runtime.js";
