import { z } from "zod";

import { REWST_DEFAULT_APP_IDS } from "../../provider/appIds";
import { WELL_KNOWN_APP_IDS } from "../../provider/contracts/identity";
import { DIRECTORY_ROLES, GDAP_STATUSES } from "../../provider/contracts/graph";
import { RESOURCE_APPS } from "./catalog";
import { stableGuid } from "./ids";
import { type EmulatorState, emulatorOptionsSchema, emulatorStateSchema } from "./model";

const grantSchema = z.object({ enterpriseApplicationId: z.string(), scope: z.string() });

/** What a partner sets up for Rewst: directory reads and the role that consents to applications. */
export const DEFAULT_GDAP_ROLES = [
  DIRECTORY_ROLES.directoryReaders.id,
  DIRECTORY_ROLES.cloudApplicationAdministrator.id,
] as const;

/**
 * A compact, reviewable description of the emulated world, expanded into {@link EmulatorState}.
 * Seeds are JSON or YAML files (`--seed`), or built with {@link generateSeed}.
 */
export const seedSchema = z.object({
  options: emulatorOptionsSchema.partial().optional(),
  partner: z.object({
    tenantId: z.string(),
    domain: z.string(),
    displayName: z.string(),
    user: z.object({
      id: z.string(),
      userPrincipalName: z.string(),
      displayName: z.string(),
      /** Secure-application-model refresh token of this user for the first app. */
      refreshToken: z.string(),
      refreshTokenExpiresAt: z.string().default("2099-01-01T00:00:00.000Z"),
      /** Whether the sign-in behind the refresh token completed MFA (Partner Center needs it). */
      refreshTokenMfa: z.boolean().default(true),
    }),
    /** App registrations of the partner; the first is the MSP's secure-application-model app. */
    apps: z.array(z.object({ appId: z.string(), displayName: z.string(), secret: z.string() })).min(1),
    /** Extra service principals in the partner tenant, e.g. "Rewst Prod". */
    servicePrincipals: z
      .array(z.object({ appId: z.string(), displayName: z.string(), objectId: z.string().optional() }))
      .default([]),
  }),
  customers: z.array(
    z.object({
      tenantId: z.string(),
      companyName: z.string(),
      domain: z.string(),
      relationshipToPartner: z.string().default("reseller"),
      /** Status of the GDAP relationship, or "none". */
      gdap: z.enum([...GDAP_STATUSES, "none"]).default("active"),
      /** A relationship an indirect reseller created (listed as resellerDelegatedAdminRelationship). */
      gdapKind: z.enum(["delegated", "reseller"]).default("delegated"),
      /** Roles the partner's GDAP group holds through the relationship's access assignment. */
      gdapRoles: z.array(z.string()).default([...DEFAULT_GDAP_ROLES]),
      /** App ids of the partner's apps consented here before the emulator started. */
      consentedPartnerApps: z.array(z.string()).default([]),
      servicePrincipals: z
        .array(
          z.object({
            appId: z.string(),
            displayName: z.string(),
            accountEnabled: z.boolean().default(true),
            servicePrincipalType: z.enum(["Application", "ManagedIdentity"]).default("Application"),
            /** Delegated grants on Microsoft Graph, as if consented before (space-separated scopes). */
            graphScope: z.string().optional(),
          }),
        )
        .default([]),
    }),
  ),
  rewst: z.object({
    mspOrg: z.object({ id: z.string(), name: z.string() }),
    organizations: z.array(
      z.object({ id: z.string(), name: z.string(), domain: z.string().nullable().default(null) }),
    ),
    cspPackConfigId: z.string(),
    cpvApplicationId: z.string(),
    cpvDisplayName: z.string(),
    defaultGrants: z.array(grantSchema),
    credentials: z.array(z.object({ kind: z.enum(["cookie", "bearer"]), value: z.string() })).min(1),
    links: z.array(z.object({ tenantId: z.string(), orgIds: z.array(z.string()) })).default([]),
  }),
});
export type Seed = z.input<typeof seedSchema>;

/** The partner's GDAP security group (Rewst's docs name them "Rewst GDAP-<ROLE>"). */
export const PARTNER_GDAP_GROUP = { id: stableGuid("group:rewst-gdap"), displayName: "Rewst GDAP" } as const;

const EPOCH = "2026-01-01T00:00:00.000Z";
const PARTNER_HOME_GRAPH_SCOPES =
  "Directory.Read.All Application.ReadWrite.All DelegatedAdminRelationship.Read.All";
export const MSP_APP_DEFAULT_GRANTS = [
  {
    enterpriseApplicationId: WELL_KNOWN_APP_IDS.microsoftGraph,
    // What the MSP's secure-application-model app needs in a customer tenant: reads, and grant
    // edits for repairing a connector's scopes in place.
    scope: "Directory.Read.All DelegatedPermissionGrant.ReadWrite.All",
  },
];

/** Expands a seed into a full state; deterministic for a given seed. */
export function expandSeed(input: Seed): EmulatorState {
  const seed = seedSchema.parse(input);
  const partner = seed.partner;
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
    ],
    users: [
      {
        id: partner.user.id,
        userPrincipalName: partner.user.userPrincipalName,
        displayName: partner.user.displayName,
        tenantId: partner.tenantId,
      },
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
    partnerGroups: [{ ...PARTNER_GDAP_GROUP, memberIds: [partner.user.id] }],
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
    for (const resource of RESOURCE_APPS) {
      if (resource.appId === WELL_KNOWN_APP_IDS.partnerCenter && tenant.kind !== "partner") continue;
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
    if (customer.gdap !== "none") {
      const started = !["created", "approvalPending", "approved", "activating"].includes(customer.gdap);
      const id = `${stableGuid(`gdap:${customer.tenantId}`)}-${stableGuid(`gdap2:${customer.tenantId}`)}`;
      state.gdapRelationships.push({
        id,
        partnerTenantId: partner.tenantId,
        customerTenantId: customer.tenantId,
        customerDisplayName: customer.companyName,
        displayName: `Rewst GDAP ${customer.companyName}`.slice(0, 50),
        status: customer.gdap,
        kind: customer.gdapKind,
        duration: "P730D",
        autoExtendDuration: customer.gdapKind === "reseller" ? "PT0S" : "P180D",
        roleDefinitionIds: customer.gdapRoles,
        createdDateTime: EPOCH,
        // A relationship that was never approved has no dates yet.
        activatedDateTime: started ? EPOCH : null,
        endDateTime: !started
          ? null
          : customer.gdap === "active"
            ? "2027-12-31T00:00:00.000Z"
            : "2026-06-01T00:00:00.000Z",
        accessAssignments: started
          ? [
              {
                id: stableGuid(`gdap-assignment:${customer.tenantId}`),
                groupId: PARTNER_GDAP_GROUP.id,
                roleDefinitionIds: customer.gdapRoles,
                status: "active",
              },
            ]
          : [],
      });
    }
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

/** Well-known identities of the generated seed (documented; emulator-only credentials). */
export const DEFAULT_IDENTITIES = {
  partnerTenantId: stableGuid("tenant:partner"),
  partnerDomain: "contoso-msp.onmicrosoft.com",
  mspAppId: stableGuid("app:msp-automation"),
  mspAppSecret: "emulator-msp-app-secret",
  partnerUserId: stableGuid("user:partner-admin"),
  partnerUserUpn: "admin@contoso-msp.onmicrosoft.com",
  partnerRefreshToken: "emulator-partner-refresh-token",
  rewstProdAppId: REWST_DEFAULT_APP_IDS.rewstProd,
  rewstCspConnectorAppId: REWST_DEFAULT_APP_IDS.cspConnector,
  rewstMspOrgId: stableGuid("rewst-org:msp"),
  rewstCspPackConfigId: stableGuid("rewst-pack-config:csp"),
  rewstSessionCookie: "emulator-rewst-session",
  rewstApiToken: "emulator-rewst-api-token",
} as const;

/**
 * Replication switched off, for tests of behaviour other than eventual consistency (the defaults
 * model it; the e2e suites run with it on).
 */
export const IMMEDIATE_CONSISTENCY = {
  propagationDelayMs: 0,
  graphCreateDelayMs: 0,
  revocationLingerMs: 0,
} as const;

export interface GenerateSeedOptions {
  customerCount?: number;
  /** Emulator behaviour switches (defaults: as the real services behave). */
  options?: Seed["options"];
  /** What differs for some customers, by their 1-based number (GDAP status or roles, principals…). */
  customers?: Record<number, Partial<Seed["customers"][number]>>;
  /** Every n-th customer has no GDAP relationship (0 = none without). */
  withoutGdapEvery?: number;
  /** Every n-th customer lacks the MSP app's consent (0 = all consented). */
  withoutMspConsentEvery?: number;
}

/** A deterministic world of `customerCount` customers, each with a Rewst organization of its own. */
export function generateSeed(options: GenerateSeedOptions = {}): Seed {
  const count = options.customerCount ?? 25;
  const ids = DEFAULT_IDENTITIES;
  const customers = Array.from({ length: count }, (_, i) => {
    const n = String(i + 1).padStart(3, "0");
    const noGdap = options.withoutGdapEvery ? (i + 1) % options.withoutGdapEvery === 0 : false;
    const noConsent = options.withoutMspConsentEvery ? (i + 1) % options.withoutMspConsentEvery === 0 : false;
    return {
      tenantId: stableGuid(`tenant:customer-${n}`),
      companyName: `Customer ${n} Ltd`,
      domain: `customer${n}.onmicrosoft.com`,
      gdap: noGdap ? ("none" as const) : ("active" as const),
      consentedPartnerApps: noConsent ? [] : [ids.mspAppId],
      ...options.customers?.[i + 1],
    };
  });
  return {
    ...(options.options ? { options: options.options } : {}),
    partner: {
      tenantId: ids.partnerTenantId,
      domain: ids.partnerDomain,
      displayName: "Contoso MSP",
      user: {
        id: ids.partnerUserId,
        userPrincipalName: ids.partnerUserUpn,
        displayName: "Partner Admin",
        refreshToken: ids.partnerRefreshToken,
      },
      apps: [{ appId: ids.mspAppId, displayName: "Contoso MSP Automation", secret: ids.mspAppSecret }],
      servicePrincipals: [{ appId: ids.rewstProdAppId, displayName: "Rewst Prod" }],
    },
    customers,
    rewst: {
      mspOrg: { id: ids.rewstMspOrgId, name: "Contoso MSP" },
      organizations: customers.map((c, i) => ({
        id: stableGuid(`rewst-org:customer-${i + 1}`),
        name: c.companyName,
        domain: c.domain,
      })),
      cspPackConfigId: ids.rewstCspPackConfigId,
      cpvApplicationId: ids.rewstCspConnectorAppId,
      cpvDisplayName: "Rewst CSP Connector",
      defaultGrants: [
        {
          enterpriseApplicationId: WELL_KNOWN_APP_IDS.microsoftGraph,
          scope:
            "DelegatedPermissionGrant.ReadWrite.All,Directory.ReadWrite.All,AppRoleAssignment.ReadWrite.All",
        },
      ],
      credentials: [
        { kind: "cookie", value: ids.rewstSessionCookie },
        { kind: "bearer", value: ids.rewstApiToken },
      ],
    },
  };
}
