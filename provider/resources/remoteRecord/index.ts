import * as pulumi from "@pulumi/pulumi";

import { createShimProvider } from "../../dynamic/shim";
import { REMOTE_RECORD_TYPE, TYPE_MODULE } from "../../typeTokens";
import type { RemoteRecordInputs } from "./schema";

/** Arguments of {@link RemoteRecord}; each field accepts Pulumi inputs. */
export type RemoteRecordArgs = { [K in keyof RemoteRecordInputs]: pulumi.Input<RemoteRecordInputs[K]> };

/**
 * A key/value record on the records API: the walking skeleton that proves the package's dynamic
 * provider path (check, diff, create, read, update, delete) against the real Pulumi engine.
 *
 * Settings come from stack config: `rewst-csp:recordsApiUrl` and the secret `rewst-csp:recordsApiToken`.
 *
 * @example
 * const record = new RemoteRecord("greeting", { key: "greeting", value: "hello", owner: "platform" });
 * export const recordId = record.remoteId;
 */
export class RemoteRecord extends pulumi.dynamic.Resource {
  /** Full type token; policies match on it. */
  static readonly __pulumiType = REMOTE_RECORD_TYPE;

  declare readonly key: pulumi.Output<string>;
  declare readonly value: pulumi.Output<string>;
  declare readonly owner: pulumi.Output<string | undefined>;
  /** Identifier the API assigned (also the resource id). */
  declare readonly remoteId: pulumi.Output<string>;
  /** Remote revision, incremented on every change. */
  declare readonly revision: pulumi.Output<number>;
  /** Release of pulumi-rewst-csp that last created, updated or refreshed this record. */
  declare readonly implementationVersion: pulumi.Output<string>;

  constructor(name: string, args: RemoteRecordArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      createShimProvider(REMOTE_RECORD_TYPE),
      name,
      { ...args, remoteId: undefined, revision: undefined, implementationVersion: undefined },
      opts,
      TYPE_MODULE,
      "RemoteRecord",
    );
  }
}
