import { z } from "zod";

import { guidSchema, organizationIdSchema } from "../../domain/identifiers";

/** Inputs of {@link ClientMapping}. */
export const clientMappingInputsSchema = z.strictObject({
  /** The customer's Microsoft tenant id. */
  customerTenantId: guidSchema,
  /** The Rewst organization to link to the customer. */
  organizationId: organizationIdSchema,
  /** The MSP's Microsoft CSP pack config; defaults to rewst-csp:cspPackConfigId. */
  cspPackConfigId: z.string().min(1).optional(),
});
export type ClientMappingInputs = z.infer<typeof clientMappingInputsSchema>;

export interface ClientMappingOutputs extends ClientMappingInputs {
  cspPackConfigId: string;
  /** Rewst's id of the CSP customer (not the tenant id). */
  customerId: string;
  companyName: string;
  hasConsent: boolean;
  linkedOrganizationIds: string[];
  gdapRelationshipStatus: string | null;
}
