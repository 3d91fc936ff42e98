import { REWST_DEFAULT_APP_IDS } from "../../provider/appIds";
import { WELL_KNOWN_APP_IDS } from "../../provider/contracts/identity";
import { stableGuid } from "./ids";
import type { EmulatorState } from "./model";

/**
 * Resource applications every tenant has, with the permission catalog Graph exposes on their
 * service principals (`appRoles`, `oauth2PermissionScopes`). Ids of Graph permissions are the real ones
 * where widely published; others are stable GUIDs derived from the value.
 */
export interface ResourceApp {
  appId: string;
  displayName: string;
  appRoles: { id: string; value: string }[];
  scopes: { id: string; value: string }[];
}

const permission = (appId: string, value: string, known?: string) => ({
  id: known ?? stableGuid(`${appId}:${value}`),
  value,
});

const GRAPH = WELL_KNOWN_APP_IDS.microsoftGraph;
/** Office 365 Exchange Online: absent from tenants without Exchange (CIPP reports it per resource). */
export const EXCHANGE_ONLINE_APP_ID = "00000002-0000-0ff1-ce00-000000000000";

export const RESOURCE_APPS: readonly ResourceApp[] = [
  {
    appId: GRAPH,
    displayName: "Microsoft Graph",
    appRoles: [
      permission(GRAPH, "Directory.Read.All", "7ab1d382-f21e-4acd-a863-ba3e13f7da61"),
      permission(GRAPH, "Application.Read.All", "9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30"),
      permission(GRAPH, "Application.ReadWrite.All", "1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9"),
      permission(GRAPH, "AppRoleAssignment.ReadWrite.All", "06b708a9-e830-4db3-a914-8e69da51d44f"),
      permission(GRAPH, "DelegatedAdminRelationship.Read.All"),
      permission(GRAPH, "User.Read.All", "df021288-bdef-4463-88db-98f22de89214"),
      permission(GRAPH, "Group.Read.All", "5b567255-7703-4780-807c-7be8301ae99b"),
      permission(GRAPH, "Organization.Read.All", "498476ce-e0fe-48b0-b801-37ba7e2685c6"),
    ],
    scopes: [
      permission(GRAPH, "User.Read", "e1fe6dd8-ba31-4d61-89e7-88639da4683d"),
      permission(GRAPH, "Directory.Read.All", "06da0dbc-49e2-44d2-8312-53f166ab848a"),
      permission(GRAPH, "Directory.ReadWrite.All"),
      permission(GRAPH, "Application.ReadWrite.All"),
      permission(GRAPH, "DelegatedPermissionGrant.ReadWrite.All"),
      permission(GRAPH, "AppRoleAssignment.ReadWrite.All"),
      permission(GRAPH, "DelegatedAdminRelationship.Read.All"),
      // Further published delegated permissions (values as Graph lists them; ids derived here).
      ...[
        "openid",
        "profile",
        "email",
        "offline_access",
        "Application.Read.All",
        "User.Read.All",
        "User.ReadWrite.All",
        "Group.Read.All",
        "Group.ReadWrite.All",
        "Mail.Read",
        "Mail.Send",
        "Mail.ReadWrite",
        "Sites.Read.All",
        "Policy.Read.All",
        "Reports.Read.All",
        "AuditLog.Read.All",
        "Organization.Read.All",
        "RoleManagement.ReadWrite.Directory",
        "Directory.AccessAsUser.All",
        "DeviceManagementManagedDevices.ReadWrite.All",
        "DeviceManagementConfiguration.ReadWrite.All",
        "DelegatedAdminRelationship.ReadWrite.All",
      ].map((value) => permission(GRAPH, value)),
    ],
  },
  {
    appId: WELL_KNOWN_APP_IDS.partnerCenter,
    displayName: "Microsoft Partner Center",
    appRoles: [],
    scopes: [
      permission(
        WELL_KNOWN_APP_IDS.partnerCenter,
        "user_impersonation",
        "1cebfa2a-fb4d-419e-b5f9-839b4383e05a",
      ),
    ],
  },
  {
    appId: EXCHANGE_ONLINE_APP_ID,
    displayName: "Office 365 Exchange Online",
    appRoles: [
      permission(EXCHANGE_ONLINE_APP_ID, "Exchange.ManageAsApp", "dc50a0fb-09a3-484d-be87-e023b12c6440"),
    ],
    scopes: [permission(EXCHANGE_ONLINE_APP_ID, "Exchange.Manage")],
  },
];

export function resourceApp(appId: string): ResourceApp | undefined {
  const wanted = appId.toLowerCase();
  return RESOURCE_APPS.find((app) => app.appId === wanted);
}

/**
 * Whether an application object exists for `appId` anywhere in the world: an app registered in a
 * tenant, a first-party resource app, a published multi-tenant app (Rewst's), or one some tenant
 * already has a principal of. Graph refuses a principal for any other id, and so does consent.
 */
export function applicationExists(
  state: Pick<EmulatorState, "apps" | "multiTenantApps" | "servicePrincipals">,
  appId: string,
): boolean {
  const wanted = appId.toLowerCase();
  return (
    state.apps.some((a) => a.appId === wanted) ||
    resourceApp(wanted) !== undefined ||
    state.multiTenantApps.some((a) => a.appId === wanted) ||
    state.servicePrincipals.some((sp) => sp.appId === wanted)
  );
}

/** Rewst's multi-tenant apps of every generation: they exist in the world, as they do in Entra. */
export const REWST_PUBLISHED_APPS: readonly { appId: string; displayName: string }[] = [
  { appId: REWST_DEFAULT_APP_IDS.msCloudConnector, displayName: "Rewst MS Cloud Connector" },
  { appId: REWST_DEFAULT_APP_IDS.rewstProd, displayName: "Rewst Prod" },
  { appId: REWST_DEFAULT_APP_IDS.cspConnector, displayName: "Rewst CSP Connector" },
  { appId: REWST_DEFAULT_APP_IDS.azureIntegration, displayName: "Rewst Azure Integration" },
];
