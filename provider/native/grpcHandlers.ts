/**
 * Where the Node provider SDK (3.248) falls short, its gRPC handlers are wrapped as the SDK
 * registers them: `configure` drops the stack's settings (pulumi/pulumi#10915), and `read` fails
 * on an import, which sends no properties (`req.getProperties().toJavaScript()` of undefined).
 */
import * as path from "path";

interface GrpcServerClass {
  prototype: {
    addService: (this: unknown, service: unknown, implementation: Record<string, unknown>) => void;
  };
}
/** A unary gRPC handler as grpc-js calls it; each wrapper knows its own request's shape. */
export type Handler = (call: unknown, callback: (...args: unknown[]) => void) => void;
export type Wrapper = (handler: Handler) => Handler;

const sdkRoot = () => path.dirname(require.resolve("@pulumi/pulumi/package.json"));
/** A module the SDK itself loads, so the wrappers see the very classes it uses. */
const sdkModule = <T>(name: string): T =>
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require(require.resolve(name, { paths: [sdkRoot()] })) as T;

/** Installs the wrappers; call before the SDK's `main` starts its server. */
export function wrapProviderHandlers(wrappers: Readonly<Record<string, Wrapper>>): void {
  const grpc = sdkModule<{ Server: GrpcServerClass }>("@grpc/grpc-js");
  const addService = grpc.Server.prototype.addService;
  grpc.Server.prototype.addService = function (service, implementation) {
    for (const [name, wrap] of Object.entries(wrappers)) {
      const handler = implementation[name] as Handler | undefined;
      if (handler)
        implementation[name] = wrap((call, callback) => handler.call(implementation, call, callback));
    }
    addService.call(this, service, implementation);
  };
}

interface ReadCall {
  request: { hasProperties(): boolean; setProperties(value: unknown): void };
}

/** An import's Read carries no properties: it gets an empty bag, which the provider reads as an import. */
export const readWithoutProperties: Wrapper = (read) => (call, callback) => {
  const { request } = call as ReadCall;
  if (!request.hasProperties()) {
    const { Struct } = sdkModule<{ Struct: new () => unknown }>("google-protobuf/google/protobuf/struct_pb");
    request.setProperties(new Struct());
  }
  read(call, callback);
};
