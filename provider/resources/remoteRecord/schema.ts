import { z } from "zod";

import { recordKeySchema, recordOwnerSchema, recordValueSchema } from "../../contracts/records";

/** Inputs of {@link RemoteRecord}: the single source of truth for its Args and its check(). */
export const remoteRecordInputsSchema = z.strictObject({
  key: recordKeySchema,
  value: recordValueSchema,
  owner: recordOwnerSchema.optional(),
});
export type RemoteRecordInputs = z.infer<typeof remoteRecordInputsSchema>;

/** Outputs stored in state: the inputs as observed remotely plus what the API assigned. */
export const remoteRecordOutputsSchema = remoteRecordInputsSchema.extend({
  remoteId: z.string(),
  revision: z.number().int(),
  /** Release of pulumi-rewst-csp that last created, updated or refreshed the record. */
  implementationVersion: z.string(),
});
export type RemoteRecordOutputs = z.infer<typeof remoteRecordOutputsSchema>;
