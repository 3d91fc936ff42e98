/**
 * The program platform teams copy: the customers in the mappings file (`pulumi-rewst-csp:mappingsFile`,
 * reviewed in pull requests) become Rewst client mappings, CPV consents and enterprise applications.
 * An invalid file stops the program before any resource is declared, so nothing is applied.
 */
import * as path from "path";

import * as pulumi from "@pulumi/pulumi";

import { declareFromMappings } from "../provider";

// Relative to the project (Pulumi.yaml's folder), like every path in stack config.
export const { summary, counts } = declareFromMappings(
  new pulumi.Config().get("mappingsFile") ?? "stacks/mappings.yaml",
  path.resolve(__dirname, ".."),
);
