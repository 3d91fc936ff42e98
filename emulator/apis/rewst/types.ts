export interface Caller {
  userId: string;
  orgId: string;
}
export interface Where {
  companyName?: string;
  cspTenantId?: string;
  hasConsent?: boolean;
  id?: string;
  tenantId?: string;
  linkedOrganizations?: { id?: string; name?: string; domain?: string };
}
export interface Grant {
  enterpriseApplicationId: string;
  scope: string;
}

export interface ConsentRequestArgs {
  action: "CREATE" | "REVOKE";
  applicationGrants: Grant[];
  packConfigId: string;
  tenantIds: string[];
}

/** An error Rewst reports in the GraphQL `errors` list. */
export class RewstError extends Error {}
