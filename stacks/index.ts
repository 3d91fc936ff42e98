/**
 * The program platform teams copy: the customers in the mappings file (`pulumi-rewst-csp:mappingsFile`,
 * reviewed in pull requests) become Rewst client mappings, CPV consents and enterprise applications.
 * An invalid file stops the program before any resource is declared, so nothing is applied.
 */
import * as pulumi from "@pulumi/pulumi";

import { declareFromMappings } from "../provider";

export const { summary, counts } = declareFromMappings(
  new pulumi.Config().get("mappingsFile") ?? "stacks/mappings.yaml",
);
