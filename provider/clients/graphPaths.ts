/** Graph paths (relative to /v1.0) that are read alone and in batches. */
export const GRAPH_PATHS = {
  servicePrincipalByAppId: (appId: string) => `/servicePrincipals(appId='${encodeURIComponent(appId)}')`,
  /** Only id and appId: enough to name the resource of a grant. */
  principalIdByAppId: (appId: string) =>
    `/servicePrincipals(appId='${encodeURIComponent(appId)}')?$select=id,appId`,
  /** Enough to name a principal in a report: id, appId, display name and type. */
  principalNameByAppId: (appId: string) =>
    `/servicePrincipals(appId='${encodeURIComponent(appId)}')?$select=id,appId,displayName,servicePrincipalType`,
  /** A resource's published permissions: its delegated scopes and app roles. */
  publishedPermissionsOf: (appId: string) =>
    `/servicePrincipals(appId='${encodeURIComponent(appId)}')?$select=id,appId,displayName,appRoles,oauth2PermissionScopes`,
  appRoleAssignmentsOf: (spId: string) => `/servicePrincipals/${encodeURIComponent(spId)}/appRoleAssignments`,
  grantsOf: (clientSpId: string) =>
    `/oauth2PermissionGrants?$filter=${encodeURIComponent(`clientId eq '${clientSpId}'`)}`,
  accessAssignments: (relationshipId: string) =>
    `/tenantRelationships/delegatedAdminRelationships/${encodeURIComponent(relationshipId)}/accessAssignments`,
  namesakes: (displayName: string) =>
    `/servicePrincipals?$filter=${encodeURIComponent(`displayName eq '${displayName.replace(/'/g, "''")}'`)}`,
} as const;
