/**
 * The stack configuration the engine hands the native provider in `Configure`. The Node provider
 * SDK answers Configure itself and drops the request (pulumi/pulumi#10915), so the one place the
 * settings pass is wrapped: the gRPC service's `configure` handler, when the SDK registers it.
 */
import * as path from "path";

import type { ConfigLookup } from "../config/configSource";

interface ConfigureCall {
  request: {
    getVariablesMap(): { forEach(visit: (value: string, key: string) => void): void };
    getArgs(): { toJavaScript(): Record<string, unknown> } | undefined;
  };
}
type Handler = (call: ConfigureCall, callback: (...args: unknown[]) => void) => void;
interface GrpcServerClass {
  prototype: {
    addService: (this: unknown, service: unknown, implementation: Record<string, unknown>) => void;
  };
}

const received = new Map<string, string>();

/** Reads a setting as `rewst-csp:<name>` (variables arrive as `rewst-csp:config:<name>`, args by name). */
export const configuredSettings: ConfigLookup = (key) => {
  const [namespace, name] = key.split(":", 2);
  return received.get(key) ?? received.get(`${namespace}:config:${name}`) ?? received.get(name ?? key);
};

/** Installs the wrapper; call before the SDK's `main` starts its server. */
export function captureConfigure(): void {
  const sdkRoot = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const grpc = require(require.resolve("@grpc/grpc-js", { paths: [sdkRoot] })) as { Server: GrpcServerClass };
  const addService = grpc.Server.prototype.addService;
  grpc.Server.prototype.addService = function (service, implementation) {
    const configure = implementation.configure as Handler | undefined;
    if (configure) {
      implementation.configure = ((call, callback) => {
        call.request.getVariablesMap().forEach((value, key) => received.set(key, value));
        for (const [key, value] of Object.entries(call.request.getArgs()?.toJavaScript() ?? {}))
          if (typeof value === "string") received.set(key, value);
        configure.call(implementation, call, callback);
      }) satisfies Handler;
    }
    addService.call(this, service, implementation);
  };
}
