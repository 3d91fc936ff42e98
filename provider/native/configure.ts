/**
 * The stack configuration the engine hands the native provider in `Configure`. The Node provider
 * SDK answers Configure itself and drops the request (pulumi/pulumi#10915), so its handler is
 * wrapped (grpcHandlers.ts) to keep the settings first.
 */
import type { ConfigLookup } from "../config/configSource";
import type { Wrapper } from "./grpcHandlers";

interface ConfigureCall {
  request: {
    getVariablesMap(): { forEach(visit: (value: string, key: string) => void): void };
    getArgs(): { toJavaScript(): Record<string, unknown> } | undefined;
  };
}

const received = new Map<string, string>();

/** Reads a setting as `rewst-csp:<name>` (variables arrive as `rewst-csp:config:<name>`, args by name). */
export const configuredSettings: ConfigLookup = (key) => {
  const [namespace, name] = key.split(":", 2);
  return received.get(key) ?? received.get(`${namespace}:config:${name}`) ?? received.get(name ?? key);
};

/** Keeps the settings of every Configure call, then lets the SDK answer it. */
export const capturingConfigure: Wrapper = (configure) => (call, callback) => {
  const { request } = call as ConfigureCall;
  request.getVariablesMap().forEach((value, key) => received.set(key, value));
  for (const [key, value] of Object.entries(request.getArgs()?.toJavaScript() ?? {}))
    if (typeof value === "string") received.set(key, value);
  configure(call, callback);
};
