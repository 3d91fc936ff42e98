import type * as pulumi from "@pulumi/pulumi";
import type * as fsModule from "fs";
import type * as pathModule from "path";

import type { ProviderRuntime, PropertyBag, ResourceImplementation } from "./contract";

/** A resource class's output properties, from the shape its provider returns. */
export type OutputProperties<T> = { readonly [K in keyof T]-?: pulumi.Output<T[K]> };

/**
 * Builds the provider object that Pulumi serializes into state (`__provider`) for a resource type.
 *
 * Pulumi runs the serialized copy for refresh and destroy, so it is kept to a thin, stable shim:
 * each call locates the installed `pulumi-rewst-csp` package from the program's directory and
 * delegates to its implementation. Upgrading the package therefore changes refresh/destroy
 * behaviour without touching state. Settings arrive through `configure()` at run time; the shim
 * captures only the type token and the two path constants below, never config or secrets.
 *
 * The package's own resources use the object exported by `./shims/<type>` (one per type): Pulumi
 * serializes a module's exports found under node_modules as a `require` of that module, so the
 * state holds about 300 bytes per copy instead of this code (about 6.5 KB), and the SDK's cache,
 * keyed by the provider object, serializes it once per type rather than once per resource. A
 * checkout that is not under node_modules (this repository's `stacks/`) still stores the code.
 *
 * @example
 * // provider/dynamic/shims/enterpriseApplication.ts
 * export = createShimProvider(ENTERPRISE_APPLICATION_TYPE);
 * // provider/resources/enterpriseApplication/index.ts
 * super(enterpriseApplicationProvider, name, { ...args }, opts, "rewst-csp", "EnterpriseApplication");
 */
export function createShimProvider(resourceType: string): pulumi.dynamic.ResourceProvider {
  // Filled by configure() inside the provider process; starts empty in every deserialized copy.
  const settings: { config?: pulumi.dynamic.Config } = {};

  const call = (): { impl: ResourceImplementation; ctx: { config: (key: string) => string | undefined } } => {
    const runtime = loadProviderRuntime(process.cwd());
    const impl = runtime.implementations[resourceType];
    if (!impl) {
      throw new Error(
        `[IMPLEMENTATION_NOT_FOUND] pulumi-rewst-csp ${runtime.packageVersion} has no implementation of ` +
          `${resourceType}; install a release that provides it (npm install pulumi-rewst-csp@latest).`,
      );
    }
    const config = settings.config;
    const lookup = config
      ? (key: string): string | undefined => config.get(key)
      : // Engines that skip configure() still export the stack config to the provider process.
        (key: string): string | undefined => readEnvironmentConfig(key);
    return { impl, ctx: { config: lookup } };
  };

  return {
    configure: (req) => {
      settings.config = req.config;
      return Promise.resolve();
    },
    check: (olds, news) => {
      const { impl, ctx } = call();
      return impl.check(withoutProvider(olds), withoutProvider(news), ctx);
    },
    diff: (id, olds, news) => {
      const { impl, ctx } = call();
      return impl.diff(id, withoutProvider(olds), withoutProvider(news), ctx);
    },
    create: (inputs) => {
      const { impl, ctx } = call();
      return impl.create(withoutProvider(inputs), ctx);
    },
    read: (id, props) => {
      const { impl, ctx } = call();
      return impl.read(id, withoutProvider(props), ctx);
    },
    update: (id, olds, news) => {
      const { impl, ctx } = call();
      return impl.update(id, withoutProvider(olds), withoutProvider(news), ctx);
    },
    delete: (id, props) => {
      const { impl, ctx } = call();
      return impl.delete(id, withoutProvider(props), ctx);
    },
  };
}

function withoutProvider(props: unknown): PropertyBag {
  const copy: PropertyBag = { ...(props as PropertyBag | undefined) };
  delete copy.__provider;
  return copy;
}

function readEnvironmentConfig(key: string): string | undefined {
  const all = JSON.parse(process.env.PULUMI_CONFIG ?? "{}") as Record<string, unknown>;
  const [namespace, name] = key.split(":", 2);
  const value = all[key] ?? all[`${namespace}:config:${name}`];
  return typeof value === "string" ? value : undefined;
}

/**
 * Finds the installed package from `fromDir` and loads its runtime module.
 *
 * Resolution mirrors Node: first `node_modules/pulumi-rewst-csp` up the directory tree (a program
 * that depends on the package), then a checkout of the package itself (its own `stacks/`).
 * The names are literals because this function is serialized into state and must not depend on
 * module-level bindings.
 */
export function loadProviderRuntime(fromDir: string): ProviderRuntime {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const path = require("path") as typeof pathModule;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const fs = require("fs") as typeof fsModule;
  const packageName = "pulumi-rewst-csp";
  const runtimeEntry = "dist/provider/runtime.js";

  let root: string | undefined;
  try {
    root = path.dirname(require.resolve(`${packageName}/package.json`, { paths: [fromDir] }));
  } catch {
    for (let dir = path.resolve(fromDir); ; dir = path.dirname(dir)) {
      const manifest = path.join(dir, "package.json");
      if (
        fs.existsSync(manifest) &&
        (JSON.parse(fs.readFileSync(manifest, "utf8")) as { name?: string }).name === packageName
      ) {
        root = dir;
        break;
      }
      if (path.dirname(dir) === dir) break;
    }
  }
  if (!root) {
    throw new Error(
      `[IMPLEMENTATION_NOT_FOUND] cannot find the ${packageName} package from ${fromDir}; ` +
        `install it in the Pulumi program's directory (npm install ${packageName}).`,
    );
  }
  const entry = path.join(root, runtimeEntry);
  if (!fs.existsSync(entry)) {
    throw new Error(
      `[IMPLEMENTATION_NOT_FOUND] ${packageName} at ${root} has no ${runtimeEntry}; build it first (npm run build).`,
    );
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(entry) as ProviderRuntime;
}
