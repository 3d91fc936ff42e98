/**
 * Entry point the serialized shim loads at call time (`dist/provider/runtime.js`).
 * It maps each type token to its implementation; see {@link ProviderRuntime}.
 */
import type { ResourceImplementation } from "./dynamic/contract";
import { packageVersion as readPackageVersion } from "./packageInfo";
import { remoteRecordImplementation } from "./resources/remoteRecord/implementation";
import { REMOTE_RECORD_TYPE } from "./typeTokens";

export const packageVersion: string = readPackageVersion();

export const implementations: Readonly<Record<string, ResourceImplementation>> = {
  [REMOTE_RECORD_TYPE]: remoteRecordImplementation,
};
