import { z } from "zod";

import { guidSchema } from "../../domain/identifiers";

/** Inputs of {@link EnterpriseApplication}. */
export const enterpriseApplicationInputsSchema = z.strictObject({
  /** Tenant the service principal lives in (the partner tenant for "Rewst Prod"). */
  tenantId: guidSchema,
  /** Application (client) id whose service principal is ensured. */
  applicationId: guidSchema,
});
export type EnterpriseApplicationInputs = z.infer<typeof enterpriseApplicationInputsSchema>;

export interface EnterpriseApplicationOutputs extends EnterpriseApplicationInputs {
  objectId: string;
  /** Object id when first observed; a different current id means the principal was re-created. */
  originalObjectId: string;
  displayName: string;
  accountEnabled: boolean;
  /** "disabled" when an admin turned sign-ins off (accountEnabled false). */
  status: "active" | "disabled";
  /** True when the service principal existed before this resource: delete leaves it alone. */
  adopted: boolean;
  /** Delegated grants the service principal holds: resource object id → scopes. */
  delegatedGrants: { resourceId: string; scopes: string[] }[];
  /** Application permissions: resource object id and app role id. */
  appRoleAssignments: { resourceId: string; appRoleId: string }[];
}
