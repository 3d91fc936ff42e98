import { z } from "zod";

import { guidSchema, organizationIdSchema, packConfigIdSchema } from "../../domain/identifiers";
import { shardOriginSchema } from "../../mappings/handover";
import type { ClientMappingComputed } from "../../outputs";

/** Inputs of {@link ClientMapping}. */
export const clientMappingInputsSchema = z.strictObject({
  /** The customer's Microsoft tenant id. */
  customerTenantId: guidSchema,
  /** The Rewst organization to link to the customer. */
  organizationId: organizationIdSchema,
  /** The MSP's Microsoft CSP pack config; defaults to rewst-csp:cspPackConfigId. */
  cspPackConfigId: packConfigIdSchema.optional(),
  /** Set by declareFromMappings in a sharded fleet: delete refuses a customer moved to another shard. */
  shardOrigin: shardOriginSchema.optional(),
});
export type ClientMappingInputs = z.infer<typeof clientMappingInputsSchema>;

/** A mapping as the provider returns it: the inputs and what the provider computed. */
export type ClientMappingOutputs = ClientMappingInputs & ClientMappingComputed;
