import {
  CLIENT_MAPPING_TYPE,
  CPV_CONSENT_TYPE,
  ENTERPRISE_APPLICATION_TYPE,
} from "../../provider/typeTokens";
import { DEFAULT_CONNECTOR_APP_ID, DEFAULT_REWST_PROD_APP_ID } from "../../policies/lib/resources";
import { DIRECTORY_ROLES } from "../../provider/contracts/graph";
import { judgeConsentDrift } from "../../provider/domain/drift";
import type { ConsentGrant } from "../../provider/domain/grants";
import type { ConsentStatus } from "../../provider/outputs";
import type { FakeResource } from "./policyHarness";

/** Happy-path outputs of the CSP resources, as the engine shows them to stack policies. */
export const GRAPH = "00000003-0000-0000-c000-000000000000";
export const TENANT_A = "aaaaaaaa-0000-0000-0000-000000000001";
export const TENANT_B = "bbbbbbbb-0000-0000-0000-000000000002";
export const PARTNER = "cccccccc-0000-0000-0000-000000000003";

export const rewstProd = (props: Record<string, unknown> = {}): FakeResource => ({
  type: ENTERPRISE_APPLICATION_TYPE,
  name: "rewst-prod",
  props: {
    tenantId: PARTNER,
    applicationId: DEFAULT_REWST_PROD_APP_ID,
    objectId: "obj-1",
    originalObjectId: "obj-1",
    accountEnabled: true,
    adopted: true,
    delegatedGrants: [{ resourceId: "graph-sp", scopes: ["User.Read"] }],
    appRoleAssignments: [{ resourceId: "graph-sp", appRoleId: "role-1" }],
    ...props,
  },
});

/** A GDAP relationship as the policies want it: active, consent-capable, auto-extended, a year left. */
export const healthyGdap = (overrides: Record<string, unknown> = {}) => ({
  status: "active",
  relationshipId: "rel-1",
  relationshipName: "Rewst GDAP",
  roles: [DIRECTORY_ROLES.directoryReaders.id, DIRECTORY_ROLES.cloudApplicationAdministrator.id],
  relationshipRoles: [DIRECTORY_ROLES.directoryReaders.id, DIRECTORY_ROLES.cloudApplicationAdministrator.id],
  endDateTime: new Date(Date.now() + 400 * 86_400_000).toISOString(),
  autoExtendDuration: "P180D",
  ...overrides,
});

/** The verdict the provider's read records for these outputs (its one drift judgement). */
const recordedVerdict = (props: Record<string, unknown>) => {
  const scopes = (props.grantedScopes ?? {}) as Record<string, string[]>;
  const roles = (props.grantedAppRoles ?? {}) as Record<string, string[]>;
  const observed = [...new Set([...Object.keys(scopes), ...Object.keys(roles)])].map((appId) => ({
    enterpriseApplicationId: appId,
    scopes: scopes[appId] ?? [],
    appRoles: roles[appId],
  }));
  return judgeConsentDrift({
    status: props.status as ConsentStatus,
    servicePrincipalObjectId: (props.servicePrincipalObjectId as string | undefined) ?? "",
    originalServicePrincipalObjectId: (props.originalServicePrincipalObjectId as string | undefined) ?? "",
    observed,
    declared: props.declaredGrants as ConsentGrant[],
  });
};

export const connectorConsent = (
  name: string,
  tenant: string,
  props: Record<string, unknown> = {},
): FakeResource => {
  const all = consentProps(tenant, props);
  return { type: CPV_CONSENT_TYPE, name, props: { drift: recordedVerdict(all), ...all } };
};

const consentProps = (tenant: string, props: Record<string, unknown>): Record<string, unknown> => ({
  customerTenantId: tenant,
  applicationId: DEFAULT_CONNECTOR_APP_ID,
  displayName: "Rewst CSP Connector",
  via: "partnerCenter",
  grants: [{ enterpriseApplicationId: GRAPH, scopes: ["Directory.Read.All"] }],
  declaredGrants: [{ enterpriseApplicationId: GRAPH, scopes: ["Directory.Read.All"] }],
  servicePrincipalObjectId: `sp-${tenant}`,
  originalServicePrincipalObjectId: `sp-${tenant}`,
  grantedScopes: { [GRAPH]: ["Directory.Read.All"] },
  gdapStatus: "active",
  gdap: healthyGdap(),
  status: "active",
  consentedAt: new Date(Date.now() - 3600_000).toISOString(),
  staleServicePrincipals: [],
  ...props,
});

export const mapping = (
  name: string,
  tenant: string,
  org: string,
  props: Record<string, unknown> = {},
): FakeResource => ({
  type: CLIENT_MAPPING_TYPE,
  name,
  props: {
    customerTenantId: tenant,
    organizationId: org,
    companyName: tenant === TENANT_A ? "Contoso" : "Fabrikam",
    linkedOrganizationIds: [org],
    ...props,
  },
});

export const cleanStack = (): FakeResource[] => [
  rewstProd(),
  mapping("map-a", TENANT_A, "org-a"),
  mapping("map-b", TENANT_B, "org-b"),
  connectorConsent("consent-a", TENANT_A),
  connectorConsent("consent-b", TENANT_B),
];
