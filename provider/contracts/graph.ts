import { z } from "zod";

/** Microsoft Graph v1.0 wire shapes used by the project. */
export const graphErrorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    innerError: z.object({ date: z.string(), "request-id": z.string(), "client-request-id": z.string() }),
  }),
});
export type GraphError = z.infer<typeof graphErrorSchema>;

export const servicePrincipalSchema = z.object({
  id: z.string(),
  appId: z.string(),
  displayName: z.string(),
  appDisplayName: z.string(),
  appOwnerOrganizationId: z.string().nullable(),
  accountEnabled: z.boolean(),
  servicePrincipalType: z.string(),
  createdDateTime: z.string(),
  appRoles: z.array(
    z.object({
      id: z.string(),
      value: z.string(),
      displayName: z.string(),
      allowedMemberTypes: z.array(z.string()),
      isEnabled: z.boolean(),
    }),
  ),
  oauth2PermissionScopes: z.array(
    z.object({ id: z.string(), value: z.string(), type: z.string(), isEnabled: z.boolean() }),
  ),
});
export type ServicePrincipal = z.infer<typeof servicePrincipalSchema>;

export const oauth2PermissionGrantSchema = z.object({
  id: z.string(),
  clientId: z.string(),
  consentType: z.enum(["AllPrincipals", "Principal"]),
  principalId: z.string().nullable(),
  resourceId: z.string(),
  scope: z.string(),
});
export type OAuth2PermissionGrant = z.infer<typeof oauth2PermissionGrantSchema>;

export const appRoleAssignmentSchema = z.object({
  id: z.string(),
  createdDateTime: z.string(),
  appRoleId: z.string(),
  principalDisplayName: z.string(),
  principalId: z.string(),
  principalType: z.literal("ServicePrincipal"),
  resourceDisplayName: z.string(),
  resourceId: z.string(),
});
export type AppRoleAssignment = z.infer<typeof appRoleAssignmentSchema>;

export const gdapStatusSchema = z.enum([
  "activating",
  "active",
  "approvalPending",
  "approved",
  "created",
  "expired",
  "expiring",
  "terminated",
  "terminating",
  "terminationRequested",
  "unknownFutureValue",
]);

export const delegatedAdminRelationshipSchema = z.object({
  "@odata.type": z.literal("#microsoft.graph.delegatedAdminRelationship"),
  id: z.string(),
  displayName: z.string(),
  duration: z.string(),
  customer: z.object({ tenantId: z.string(), displayName: z.string() }),
  accessDetails: z.object({ unifiedRoles: z.array(z.object({ roleDefinitionId: z.string() })) }),
  status: gdapStatusSchema,
  autoExtendDuration: z.string(),
  createdDateTime: z.string(),
  lastModifiedDateTime: z.string(),
  activatedDateTime: z.string().nullable(),
  endDateTime: z.string(),
});
export type DelegatedAdminRelationship = z.infer<typeof delegatedAdminRelationshipSchema>;

/** A page of a Graph collection. */
export function graphPageSchema<T extends z.ZodType>(item: T) {
  return z.object({
    "@odata.context": z.string().optional(),
    value: z.array(item),
    "@odata.nextLink": z.string().optional(),
  });
}

export const batchRequestSchema = z.object({
  requests: z
    .array(
      z.object({
        id: z.string(),
        method: z.enum(["GET", "POST", "PATCH", "DELETE", "PUT"]),
        url: z.string(),
        headers: z.record(z.string(), z.string()).optional(),
        body: z.unknown().optional(),
      }),
    )
    .min(1)
    .max(20),
});
export const batchResponseSchema = z.object({
  responses: z.array(
    z.object({
      id: z.string(),
      status: z.number().int(),
      headers: z.record(z.string(), z.string()),
      body: z.unknown(),
    }),
  ),
});
