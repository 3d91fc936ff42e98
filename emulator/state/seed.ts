import { z } from "zod";

import { REWST_DEFAULT_APP_IDS } from "../../provider/appIds";
import { WELL_KNOWN_APP_IDS } from "../../provider/contracts/identity";
import { DIRECTORY_ROLES, GDAP_STATUSES } from "../../provider/contracts/graph";
import { stableGuid } from "./ids";
import { emulatorOptionsSchema } from "./model";

const grantSchema = z.object({ enterpriseApplicationId: z.string(), scope: z.string() });

/**
 * What a partner sets up for Rewst: directory reads, the role that consents to applications, and
 * Privileged Role Administrator, which Rewst's GDAP list includes and Microsoft Graph's app roles
 * need (so the README's sample profile, app roles included, applies on the default world).
 */
export const DEFAULT_GDAP_ROLES = [
  DIRECTORY_ROLES.directoryReaders.id,
  DIRECTORY_ROLES.cloudApplicationAdministrator.id,
  DIRECTORY_ROLES.privilegedRoleAdministrator.id,
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
      /** The user is in the GDAP group only through a group nested in it (not a direct member). */
      viaNestedGroup: z.boolean().default(false),
      /** Whether the user is in the partner tenant's AdminAgents group. */
      inAdminAgents: z.boolean().default(true),
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
      /** When the relationship ends (default: end of 2027 for an active one). */
      gdapEndDateTime: z.string().optional(),
      /** Auto-extend duration (default P180D; PT0S for resellers and with Global Administrator, as Microsoft forces). */
      gdapAutoExtend: z.enum(["P180D", "PT0S"]).optional(),
      /** Roles the partner's GDAP group holds through the relationship's access assignment. */
      gdapRoles: z.array(z.string()).default([...DEFAULT_GDAP_ROLES]),
      /** Roles Rewst's own GDAP group (its integration user's) holds there (default: gdapRoles). */
      rewstGdapRoles: z.array(z.string()).optional(),
      /** Resource apps of the catalog whose principals this tenant lacks (e.g. no Exchange). */
      missingResourceApps: z.array(z.string()).default([]),
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

/** The partner's GDAP security group, which the partner (SAM) user is in. */
export const PARTNER_GDAP_GROUP = { id: stableGuid("group:rewst-gdap"), displayName: "Rewst GDAP" } as const;
/**
 * The GDAP group Rewst's integration creates for its own user (`createGDAPGroups`; Rewst's docs name
 * them "Rewst GDAP-<ROLE>"): Rewst consents as that user, with that group's roles, not the SAM user's.
 */
export const REWST_GDAP_GROUP = {
  id: stableGuid("group:rewst-integration-gdap"),
  displayName: "Rewst GDAP-Integration",
} as const;
/** Partner Center's group of agents with admin rights (CPV consent under GDAP wants the user in it). */
export const ADMIN_AGENTS_GROUP = {
  id: stableGuid("group:admin-agents"),
  displayName: "AdminAgents",
} as const;

/** Well-known identities of the generated seed (documented; emulator-only credentials). */
export const DEFAULT_IDENTITIES = {
  partnerTenantId: stableGuid("tenant:partner"),
  partnerDomain: "contoso-msp.onmicrosoft.com",
  mspAppId: stableGuid("app:msp-automation"),
  mspAppSecret: "emulator-msp-app-secret",
  partnerUserId: stableGuid("user:partner-admin"),
  partnerUserUpn: "admin@contoso-msp.onmicrosoft.com",
  rewstIntegrationUserId: stableGuid("user:rewst-integration"),
  rewstIntegrationUserUpn: "rewst-integration@contoso-msp.onmicrosoft.com",
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
