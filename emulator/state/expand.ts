import { WELL_KNOWN_APP_IDS } from "../../provider/contracts/identity";
import { RESOURCE_APPS, REWST_PUBLISHED_APPS } from "./catalog";
import { stableGuid } from "./ids";
import { type EmulatorState, emulatorOptionsSchema, emulatorStateSchema } from "./model";
import { seededRelationship } from "./gdapSeed";
import {
  ADMIN_AGENTS_GROUP,
  DEFAULT_IDENTITIES,
  PARTNER_GDAP_GROUP,
  REWST_GDAP_GROUP,
  type Seed,
  seedSchema,
} from "./seed";

const EPOCH = "2026-01-01T00:00:00.000Z";
/** A group nested in the GDAP group, for a partner user who is a member only through it. */
const NESTED_GROUP = { id: stableGuid("group:rewst-gdap-nested"), displayName: "Rewst GDAP Admins" };
const PARTNER_HOME_GRAPH_SCOPES =
  "Directory.Read.All Application.ReadWrite.All DelegatedAdminRelationship.Read.All";
export const MSP_APP_DEFAULT_GRANTS = [
  {
    enterpriseApplicationId: WELL_KNOWN_APP_IDS.microsoftGraph,
    // What the MSP's app needs in a customer tenant: reads, in-place grant repairs, app role
    // assignments, and removing a connector's principal when a customer is offboarded.
    scope:
      "Directory.Read.All DelegatedPermissionGrant.ReadWrite.All AppRoleAssignment.ReadWrite.All Application.ReadWrite.All",
  },
];

/** Expands a seed into a full state; deterministic for a given seed. */
export function expandSeed(input: Seed): EmulatorState {
  const seed = seedSchema.parse(input);
  const partner = seed.partner;
  // Rewst's integration user: Rewst consents as this user, through Rewst's own GDAP group.
  const rewstUser = {
    id: DEFAULT_IDENTITIES.rewstIntegrationUserId,
    userPrincipalName: DEFAULT_IDENTITIES.rewstIntegrationUserUpn,
    displayName: "Rewst Integration",
  };
  const state: EmulatorState = {
    version: 1,
    options: emulatorOptionsSchema.parse(seed.options ?? {}),
    tenants: [
      {
        id: partner.tenantId,
        defaultDomain: partner.domain,
        displayName: partner.displayName,
        kind: "partner",
      },
      ...seed.customers.map((c) => ({
        id: c.tenantId,
        defaultDomain: c.domain,
        displayName: c.companyName,
        kind: "customer" as const,
      })),
    ],
    apps: partner.apps.map((a) => ({
      appId: a.appId,
      displayName: a.displayName,
      homeTenantId: partner.tenantId,
      secrets: [a.secret],
    })),
    multiTenantApps: [
      ...partner.servicePrincipals.map((sp) => ({ appId: sp.appId, displayName: sp.displayName })),
      { appId: seed.rewst.cpvApplicationId, displayName: seed.rewst.cpvDisplayName },
      ...REWST_PUBLISHED_APPS,
    ].filter((app, i, all) => all.findIndex((other) => other.appId === app.appId) === i),
    users: [
      {
        id: partner.user.id,
        userPrincipalName: partner.user.userPrincipalName,
        displayName: partner.user.displayName,
        tenantId: partner.tenantId,
      },
      { ...rewstUser, tenantId: partner.tenantId },
    ],
    refreshTokens: [
      {
        token: partner.user.refreshToken,
        clientId: partner.apps[0].appId,
        userId: partner.user.id,
        expiresAt: partner.user.refreshTokenExpiresAt,
        revoked: false,
        mfa: partner.user.refreshTokenMfa,
      },
    ],
    partnerGroups: [
      { ...PARTNER_GDAP_GROUP, memberIds: [partner.user.viaNestedGroup ? NESTED_GROUP.id : partner.user.id] },
      ...(partner.user.viaNestedGroup ? [{ ...NESTED_GROUP, memberIds: [partner.user.id] }] : []),
      { ...REWST_GDAP_GROUP, memberIds: [rewstUser.id] },
      {
        ...ADMIN_AGENTS_GROUP,
        memberIds: [...(partner.user.inAdminAgents ? [partner.user.id] : []), rewstUser.id],
      },
    ],
    servicePrincipals: [],
    grants: [],
    appRoleAssignments: [],
    gdapRelationships: [],
    consents: [],
    rewst: { organizations: [], packConfigs: [], cspCustomers: [], credentials: [] },
  };

  const addSp = (
    tenantId: string,
    appId: string,
    displayName: string,
    owner: string | null,
    objectId?: string,
    extra: { accountEnabled?: boolean; servicePrincipalType?: "Application" | "ManagedIdentity" } = {},
  ) => {
    const sp = {
      id: objectId ?? stableGuid(`sp:${tenantId}:${appId}`),
      tenantId,
      appId,
      displayName,
      appOwnerOrganizationId: owner,
      accountEnabled: extra.accountEnabled ?? true,
      servicePrincipalType: extra.servicePrincipalType ?? ("Application" as const),
      createdDateTime: EPOCH,
      visibleAfter: EPOCH,
    };
    state.servicePrincipals.push(sp);
    return sp;
  };
  /** An admin-consented (AllPrincipals) delegated grant, Microsoft Graph unless named otherwise. */
  const addGrant = (
    tenantId: string,
    clientId: string,
    scope: string,
    resourceAppId: string = WELL_KNOWN_APP_IDS.microsoftGraph,
  ) => {
    const resource = state.servicePrincipals.find(
      (sp) => sp.tenantId === tenantId && sp.appId === resourceAppId,
    )!;
    state.grants.push({
      id: stableGuid(`grant:${tenantId}:${clientId}:${resource.id}`),
      tenantId,
      clientId,
      consentType: "AllPrincipals",
      principalId: null,
      resourceId: resource.id,
      scope,
      visibleAfter: EPOCH,
      deletedAt: null,
      previousScope: null,
      scopeVisibleAfter: null,
    });
  };

  for (const tenant of state.tenants) {
    const lacks = seed.customers.find((c) => c.tenantId.toLowerCase() === tenant.id)?.missingResourceApps;
    for (const resource of RESOURCE_APPS) {
      if (resource.appId === WELL_KNOWN_APP_IDS.partnerCenter && tenant.kind !== "partner") continue;
      if (lacks?.some((id) => id.toLowerCase() === resource.appId)) continue;
      addSp(tenant.id, resource.appId, resource.displayName, null);
    }
  }
  // Partner apps are admin-consented in their home tenant for Graph reads and Partner Center.
  const homeGrants: [string, string][] = [
    [WELL_KNOWN_APP_IDS.microsoftGraph, PARTNER_HOME_GRAPH_SCOPES],
    [WELL_KNOWN_APP_IDS.partnerCenter, "user_impersonation"],
  ];
  for (const app of partner.apps) {
    const client = addSp(partner.tenantId, app.appId, app.displayName, partner.tenantId);
    for (const [resourceAppId, scope] of homeGrants)
      addGrant(partner.tenantId, client.id, scope, resourceAppId);
  }
  for (const sp of partner.servicePrincipals)
    addSp(partner.tenantId, sp.appId, sp.displayName, null, sp.objectId);

  for (const customer of seed.customers) {
    for (const appId of customer.consentedPartnerApps) {
      const app = partner.apps.find((a) => a.appId === appId);
      if (!app) throw new Error(`seed: customer ${customer.tenantId} names unknown partner app ${appId}`);
      const client = addSp(customer.tenantId, app.appId, app.displayName, partner.tenantId);
      addGrant(customer.tenantId, client.id, MSP_APP_DEFAULT_GRANTS[0].scope);
      state.consents.push({
        customerTenantId: customer.tenantId,
        applicationId: app.appId,
        displayName: app.displayName,
        grants: MSP_APP_DEFAULT_GRANTS,
        createdAt: EPOCH,
      });
    }
    for (const sp of customer.servicePrincipals) {
      const added = addSp(customer.tenantId, sp.appId, sp.displayName, null, undefined, sp);
      if (sp.graphScope) addGrant(customer.tenantId, added.id, sp.graphScope);
    }
    if (customer.gdap !== "none")
      state.gdapRelationships.push(
        seededRelationship({ ...customer, gdap: customer.gdap }, partner.tenantId, EPOCH),
      );
  }

  const rewst = seed.rewst;
  state.rewst.organizations.push({
    id: rewst.mspOrg.id,
    name: rewst.mspOrg.name,
    domain: partner.domain,
    managingOrgId: null,
    isMsp: true,
    isEnabled: true,
    createdAt: EPOCH,
  });
  for (const org of rewst.organizations) {
    state.rewst.organizations.push({
      ...org,
      managingOrgId: rewst.mspOrg.id,
      isMsp: false,
      isEnabled: true,
      createdAt: EPOCH,
    });
  }
  state.rewst.packConfigs.push({
    id: rewst.cspPackConfigId,
    orgId: rewst.mspOrg.id,
    packRef: "microsoft_csp",
    name: "Microsoft CSP",
    cspTenantId: partner.tenantId,
    cpvApplicationId: rewst.cpvApplicationId,
    cpvDisplayName: rewst.cpvDisplayName,
    defaultGrants: rewst.defaultGrants,
  });
  for (const customer of seed.customers) {
    const gdap = state.gdapRelationships.find((r) => r.customerTenantId === customer.tenantId);
    state.rewst.cspCustomers.push({
      id: stableGuid(`rewst-csp-customer:${customer.tenantId}`),
      cspPackConfigId: rewst.cspPackConfigId,
      tenantId: customer.tenantId,
      cspTenantId: partner.tenantId,
      companyName: customer.companyName,
      hasConsent: false,
      gdapRelationshipId: gdap?.id ?? null,
      gdapRelationshipStatus: gdap?.status ?? null,
      linkedOrganizationIds: rewst.links.find((l) => l.tenantId === customer.tenantId)?.orgIds ?? [],
      createdAt: EPOCH,
      updatedAt: EPOCH,
    });
  }
  for (const credential of rewst.credentials) {
    state.rewst.credentials.push({ ...credential, userId: stableGuid("rewst-user"), orgId: rewst.mspOrg.id });
  }
  return emulatorStateSchema.parse(state);
}
