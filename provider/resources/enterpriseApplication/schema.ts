import { z } from "zod";

import { guidSchema } from "../../domain/identifiers";
import { shardOriginSchema } from "../../mappings/handover";
import type { PropertyBag } from "../../dynamic/contract";
import { withEarlierDefaults } from "../common";
import type { EnterpriseApplicationComputed } from "../../outputs";

/** Inputs of {@link EnterpriseApplication}. */
export const enterpriseApplicationInputsSchema = z.strictObject({
  tenantId: guidSchema.describe(
    'The tenant the service principal lives in (the partner tenant for "Rewst Prod").',
  ),
  applicationId: guidSchema.describe("The application (client) id whose service principal is ensured."),
  shardOrigin: shardOriginSchema
    .optional()
    .describe(
      "Set by declareFromMappings: a delete forgets an application the mappings file still declares.",
    ),
});
export type EnterpriseApplicationInputs = z.infer<typeof enterpriseApplicationInputsSchema>;

/** A service principal as the provider returns it: the inputs and what the provider computed. */
export type EnterpriseApplicationOutputs = EnterpriseApplicationInputs & EnterpriseApplicationComputed;

/** A service principal as state holds it: every field this release reads. */
export const storedEnterpriseApplicationSchema = z.object({
  tenantId: guidSchema,
  applicationId: guidSchema,
  shardOrigin: shardOriginSchema.optional(),
  objectId: z.string(),
  originalObjectId: z.string(),
  displayName: z.string(),
  accountEnabled: z.boolean(),
  status: z.enum(["active", "disabled"]),
  adopted: z.boolean(),
  delegatedGrants: z.array(z.object({ resourceId: z.string(), scopes: z.array(z.string()) })),
  appRoleAssignments: z.array(z.object({ resourceId: z.string(), appRoleId: z.string() })),
});
export type StoredEnterpriseApplication = z.infer<typeof storedEnterpriseApplicationSchema>;

/**
 * Stored props of any earlier release, in this release's shape. A principal whose state does not
 * say it was created here counts as adopted: it is never deleted (only what we created is).
 */
export function upgradeStoredEnterpriseApplication(props: PropertyBag): StoredEnterpriseApplication {
  const earlier = storedEnterpriseApplicationSchema.partial({ status: true }).parse(
    withEarlierDefaults(props, {
      objectId: "",
      originalObjectId: "",
      displayName: "",
      accountEnabled: true,
      adopted: true,
      delegatedGrants: [],
      appRoleAssignments: [],
    }),
  );
  return {
    ...earlier,
    originalObjectId: earlier.originalObjectId || earlier.objectId,
    status: earlier.status ?? (earlier.accountEnabled ? "active" : "disabled"),
  };
}
