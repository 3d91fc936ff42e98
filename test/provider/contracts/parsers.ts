import type { z } from "zod";

import {
  appRoleAssignmentSchema,
  batchResponseSchema,
  delegatedAdminAccessAssignmentSchema,
  delegatedAdminRelationshipSchema,
  directoryObjectRefSchema,
  graphErrorSchema,
  graphPageSchema,
  oauth2PermissionGrantSchema,
  servicePrincipalSchema,
} from "../../../provider/contracts/graph";
import { tokenErrorSchema } from "../../../provider/contracts/identity";
import { pcCustomerCollectionSchema, pcErrorSchema } from "../../../provider/contracts/partnerCenter";

/** The parsers the clients use, by the name the fixtures (documented and constructed) give. */
export const PARSERS: Record<string, z.ZodType> = {
  gdapRelationshipPage: graphPageSchema(delegatedAdminRelationshipSchema),
  accessAssignmentPage: graphPageSchema(delegatedAdminAccessAssignmentSchema),
  servicePrincipal: servicePrincipalSchema,
  servicePrincipalPage: graphPageSchema(servicePrincipalSchema),
  grant: oauth2PermissionGrantSchema,
  grantPage: graphPageSchema(oauth2PermissionGrantSchema),
  appRoleAssignment: appRoleAssignmentSchema,
  appRoleAssignmentPage: graphPageSchema(appRoleAssignmentSchema),
  directoryObjectPage: graphPageSchema(directoryObjectRefSchema),
  graphError: graphErrorSchema,
  batchResponse: batchResponseSchema,
  pcCustomerPage: pcCustomerCollectionSchema,
  pcError: pcErrorSchema,
  tokenError: tokenErrorSchema,
};
