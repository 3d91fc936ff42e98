import { z } from "zod";

import { guidSchema } from "../../domain/identifiers";
import { shardOriginSchema } from "../../mappings/handover";
import type { EnterpriseApplicationComputed } from "../../outputs";

/** Inputs of {@link EnterpriseApplication}. */
export const enterpriseApplicationInputsSchema = z.strictObject({
  /** Tenant the service principal lives in (the partner tenant for "Rewst Prod"). */
  tenantId: guidSchema,
  /** Application (client) id whose service principal is ensured. */
  applicationId: guidSchema,
  /** Set by declareFromMappings: a delete forgets an application the mappings file still declares. */
  shardOrigin: shardOriginSchema.optional(),
});
export type EnterpriseApplicationInputs = z.infer<typeof enterpriseApplicationInputsSchema>;

/** A service principal as the provider returns it: the inputs and what the provider computed. */
export type EnterpriseApplicationOutputs = EnterpriseApplicationInputs & EnterpriseApplicationComputed;
