/**
 * `rewst-csp:index:Fleet`: a component that declares a whole mappings file through the native
 * face (sharding included: the stack's name picks its shard), for programs in any language.
 */
import * as pulumi from "@pulumi/pulumi";

import { declareFromMappings } from "../stack/declareFromMappings";
import { FLEET_TYPE } from "../typeTokens";

export interface FleetArgs {
  /** The mappings file; a relative path starts at the project (Pulumi.yaml's folder). */
  mappingsFile: string;
}

export class Fleet extends pulumi.ComponentResource {
  readonly summary: ReturnType<typeof declareFromMappings>["summary"];
  readonly counts: ReturnType<typeof declareFromMappings>["counts"];

  constructor(name: string, args: FleetArgs, opts?: pulumi.ComponentResourceOptions) {
    super(FLEET_TYPE, name, {}, opts);
    const { summary, counts } = declareFromMappings(args.mappingsFile, { face: "native", parent: this });
    this.summary = summary;
    this.counts = counts;
    this.registerOutputs({ summary, counts });
  }
}
