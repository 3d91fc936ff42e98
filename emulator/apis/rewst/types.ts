export interface Caller {
  userId: string;
  orgId: string;
  /** Told the tenant of the CSP customer a mutation changes (the request log names it). */
  touched?: (tenantId: string) => void;
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
