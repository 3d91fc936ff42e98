import { DIRECTORY_ROLES, type DirectoryRole } from "../contracts/graph";

const R = DIRECTORY_ROLES;
const GRAPH_DOCS = "https://learn.microsoft.com/graph/api";

/** Who may write delegated grants (oauth2permissiongrant-post), Global Administrator included. */
const GRANT_WRITERS = [
  R.applicationAdministrator,
  R.applicationDeveloper,
  R.cloudApplicationAdministrator,
  R.directoryWriters,
  R.privilegedRoleAdministrator,
  R.userAdministrator,
  R.globalAdministrator,
] as const;

/**
 * What a partner user may do in a customer tenant through GDAP, action by action, as Microsoft's
 * documentation lists the least-privileged roles for it (Global Administrator holds every
 * permission, so it is listed everywhere). The provider's pre-flight gate, `delete`, the
 * `gdap-role-coverage` policy and the emulator all read this one table.
 */
export const GDAP_ACTIONS = {
  cpvConsent: {
    what: "grant a CPV application consent (Partner Center applicationconsents)",
    roles: [R.globalAdministrator, R.privilegedRoleAdministrator, R.cloudApplicationAdministrator],
    source: "https://learn.microsoft.com/partner-center/developer/gdap-and-secure-application-model",
  },
  cpvConsentRemoval: {
    what: "remove a CPV application consent (Partner Center applicationconsents)",
    roles: [R.globalAdministrator, R.privilegedRoleAdministrator, R.cloudApplicationAdministrator],
    source: "https://learn.microsoft.com/partner-center/developer/gdap-and-secure-application-model",
  },
  delegatedGrantWrite: {
    what: "create, change or remove delegated permission grants (oauth2PermissionGrants)",
    roles: GRANT_WRITERS,
    source: `${GRAPH_DOCS}/oauth2permissiongrant-post`,
  },
  appRoleAssignment: {
    what: "assign or remove app roles of an API other than Microsoft Graph",
    roles: [
      R.directoryWriters,
      R.hybridIdentityAdministrator,
      R.identityGovernanceAdministrator,
      R.privilegedRoleAdministrator,
      R.userAdministrator,
      R.applicationAdministrator,
      R.cloudApplicationAdministrator,
      R.globalAdministrator,
    ],
    source: `${GRAPH_DOCS}/serviceprincipal-post-approleassignedto`,
  },
  graphAppRoleAssignment: {
    what: "assign or remove Microsoft Graph app roles",
    // "Privileged Role Administrator - the least privileged role supported for Microsoft Graph and
    // Azure AD Graph app roles"; the application administrators are excluded for Graph.
    roles: [R.privilegedRoleAdministrator, R.globalAdministrator],
    source: `${GRAPH_DOCS}/serviceprincipal-post-approleassignedto`,
  },
  servicePrincipalCreate: {
    what: "create a service principal",
    // Default users may create principals too, but a GDAP partner user is no member of the tenant;
    // Hybrid Identity Administrator updates only basic properties.
    roles: [
      R.applicationDeveloper,
      R.securityAdministrator,
      R.cloudApplicationAdministrator,
      R.applicationAdministrator,
      R.globalAdministrator,
    ],
    source: `${GRAPH_DOCS}/serviceprincipal-post-serviceprincipals`,
  },
  servicePrincipalWrite: {
    what: "change or delete a service principal the partner user does not own",
    // Application Developer manages only principals it owns; Hybrid Identity Administrator only
    // basic properties: neither deletes the principal a consent created.
    roles: [
      R.securityAdministrator,
      R.cloudApplicationAdministrator,
      R.applicationAdministrator,
      R.globalAdministrator,
    ],
    source: `${GRAPH_DOCS}/serviceprincipal-delete`,
  },
  directoryRead: {
    what: "read service principals, grants and app role assignments",
    // Graph's read list is its write list plus the two reader roles.
    roles: [R.globalReader, R.directoryReaders, ...GRANT_WRITERS],
    source: `${GRAPH_DOCS}/oauth2permissiongrant-list`,
  },
} as const satisfies Record<string, { what: string; roles: readonly DirectoryRole[]; source: string }>;
export type GdapAction = keyof typeof GDAP_ACTIONS;

/** Whether roles held (template ids) allow an action. */
export const allows = (action: GdapAction, held: ReadonlySet<string>): boolean =>
  GDAP_ACTIONS[action].roles.some((r) => held.has(r.id));

/** The first action of a list the roles held do not allow, or undefined when all are allowed. */
export const firstDenied = (
  actions: readonly GdapAction[],
  held: ReadonlySet<string>,
): GdapAction | undefined => actions.find((a) => !allows(a, held));

/** "Global Administrator, Privileged Role Administrator or Cloud Application Administrator". */
export function acceptedRoleNames(action: GdapAction): string {
  const names = GDAP_ACTIONS[action].roles.map((r) => r.name);
  return names.length === 1 ? names[0] : `${names.slice(0, -1).join(", ")} or ${names.at(-1)}`;
}

const ROLE_NAMES = new Map<string, string>(Object.values(DIRECTORY_ROLES).map((r) => [r.id, r.name]));
/** Role names for a message, template ids where the name is not known. */
export const roleNames = (ids: Iterable<string>): string =>
  [...ids]
    .map((id) => ROLE_NAMES.get(id.toLowerCase()) ?? id)
    .sort()
    .join(", ") || "no role";

/** The declared shape of a consent this table judges: its grants' app roles and what delete removes. */
export interface ConsentNeeds {
  grants: readonly { enterpriseApplicationId: string; appRoles?: readonly string[] | null }[];
  keepServicePrincipal?: boolean | null;
}

/**
 * The actions a consent performs in the customer tenant: on create (and on every repair), the CPV
 * consent, the grant writes that adopt or repair it, and the app-role assignments it declares; on
 * delete, the removal and, unless kept, the deletion of the principal the consent created.
 */
export function consentActions(
  consent: ConsentNeeds,
  phase: "create" | "delete",
  microsoftGraphAppId: string,
): GdapAction[] {
  if (phase === "delete")
    return consent.keepServicePrincipal === true
      ? ["cpvConsentRemoval"]
      : ["cpvConsentRemoval", "servicePrincipalWrite"];
  const withRoles = consent.grants.filter((g) => (g.appRoles ?? []).length > 0);
  const graph = withRoles.some((g) => g.enterpriseApplicationId.toLowerCase() === microsoftGraphAppId);
  const other = withRoles.some((g) => g.enterpriseApplicationId.toLowerCase() !== microsoftGraphAppId);
  return [
    "cpvConsent",
    "delegatedGrantWrite",
    ...(graph ? (["graphAppRoleAssignment"] as const) : []),
    ...(other ? (["appRoleAssignment"] as const) : []),
  ];
}

/** One sentence for a denied action: what it is, the roles held, the roles that would do, the source. */
export function deniedMessage(tenantId: string, action: GdapAction, held: ReadonlySet<string>): string {
  const { what, source } = GDAP_ACTIONS[action];
  return (
    `GDAP with tenant ${tenantId} gives the partner user no role that can ${what}: ` +
    `needs ${acceptedRoleNames(action)} (holds ${roleNames(held)}; ${source})`
  );
}
