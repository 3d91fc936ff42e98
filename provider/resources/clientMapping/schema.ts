import { z } from "zod";

import { guidSchema, organizationIdSchema, packConfigIdSchema } from "../../domain/identifiers";
import { shardOriginSchema } from "../../mappings/handover";
import type { PropertyBag } from "../../dynamic/contract";
import { withEarlierDefaults } from "../common";
import type { ClientMappingComputed } from "../../outputs";

/** Inputs of {@link ClientMapping}. */
export const clientMappingInputsSchema = z.strictObject({
  customerTenantId: guidSchema.describe("The customer's Microsoft tenant id."),
  organizationId: organizationIdSchema.describe("The Rewst organization to link to the customer."),
  cspPackConfigId: packConfigIdSchema
    .optional()
    .describe("The MSP's Microsoft CSP pack config in Rewst; defaults to rewst-csp:cspPackConfigId."),
  shardOrigin: shardOriginSchema
    .optional()
    .describe(
      "Set by declareFromMappings: the mappings file and shard that declared it (a delete refuses a customer moved to another shard).",
    ),
});
export type ClientMappingInputs = z.infer<typeof clientMappingInputsSchema>;

/** A mapping as the provider returns it: the inputs and what the provider computed. */
export type ClientMappingOutputs = ClientMappingInputs & ClientMappingComputed;

/** A mapping as state holds it: every field this release reads. */
export const storedClientMappingSchema = z.object({
  customerTenantId: guidSchema,
  organizationId: z.string().min(1),
  cspPackConfigId: z.string().min(1),
  shardOrigin: shardOriginSchema.optional(),
  customerId: z.string().min(1),
  companyName: z.string(),
  hasConsent: z.boolean(),
  linkedOrganizationIds: z.array(z.string()),
  gdapRelationshipStatus: z.string().nullable(),
});
export type StoredClientMapping = z.infer<typeof storedClientMappingSchema>;

/** Stored props of any earlier release, in this release's shape (what a release did not record: not observed). */
export const upgradeStoredClientMapping = (props: PropertyBag): StoredClientMapping =>
  storedClientMappingSchema.parse(
    withEarlierDefaults(props, {
      companyName: "",
      hasConsent: false,
      linkedOrganizationIds: [],
      gdapRelationshipStatus: null,
    }),
  );
