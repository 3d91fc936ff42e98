import { AUDIENCES, type AccessTokenClaims } from "../../../provider/contracts/identity";
import { type EmulatorContext, checkAccessToken } from "../../context";
import type { EmulatorRequest, EmulatorResponse, Handler } from "../../http";
import type { GdapAction } from "../../../provider/domain/gdapRoles";
import { missingGdapRole } from "../../state/gdap";
import { graphError } from "./errors";

/**
 * Permissions (delegated `scp` or application `roles`) that allow each kind of call, after Graph's
 * permission tables; in a customer tenant a partner user also needs a GDAP role for the action.
 */
export const PERMISSIONS = {
  spRead: {
    gdap: "directoryRead",
    any: [
      "Application.Read.All",
      "Application.ReadWrite.All",
      "Directory.Read.All",
      "Directory.ReadWrite.All",
    ],
  },
  spCreate: { gdap: "servicePrincipalCreate", any: ["Application.ReadWrite.All", "Directory.ReadWrite.All"] },
  spWrite: { gdap: "servicePrincipalWrite", any: ["Application.ReadWrite.All", "Directory.ReadWrite.All"] },
  grantRead: {
    gdap: "directoryRead",
    any: ["Directory.Read.All", "DelegatedPermissionGrant.ReadWrite.All", "Directory.ReadWrite.All"],
  },
  grantWrite: {
    gdap: "delegatedGrantWrite",
    any: ["DelegatedPermissionGrant.ReadWrite.All", "Directory.ReadWrite.All"],
  },
  roleWrite: {
    // Microsoft Graph's own app roles need more (refused in appRoleAssignments.ts).
    gdap: "appRoleAssignment",
    any: ["AppRoleAssignment.ReadWrite.All", "Application.ReadWrite.All", "Directory.ReadWrite.All"],
  },
  gdapRead: {
    gdap: "directoryRead",
    any: ["DelegatedAdminRelationship.Read.All", "DelegatedAdminRelationship.ReadWrite.All"],
  },
  memberRead: {
    gdap: "directoryRead",
    any: [
      "User.Read",
      "GroupMember.Read.All",
      "Group.Read.All",
      "Directory.Read.All",
      "Directory.ReadWrite.All",
    ],
  },
} as const satisfies Record<string, { gdap: GdapAction; any: readonly string[] }>;
export type Permission = (typeof PERMISSIONS)[keyof typeof PERMISSIONS];

export type Authorized = { claims: AccessTokenClaims; tenantId: string; permissions: string[] };
export type GuardedHandler = (req: EmulatorRequest, auth: Authorized, params: string[]) => EmulatorResponse;

/** Checks the Graph token, its permissions and, for a partner user in a customer tenant, the GDAP roles. */
function authorize(
  ctx: EmulatorContext,
  req: EmulatorRequest,
  needed: Permission,
): Authorized | EmulatorResponse {
  const state = () => ctx.store.state;
  const check = checkAccessToken(ctx, req, AUDIENCES.graph);
  if (!check.ok) return graphError(req, check.status, check.code, check.message);
  req.tenant = check.claims.tid;
  const permissions = [
    ...(check.claims.scp?.split(/\s+/).filter(Boolean) ?? []),
    ...(check.claims.roles ?? []),
  ];
  const allowed = permissions.some((p) => (needed.any as readonly string[]).includes(p));
  if (!allowed) {
    return graphError(
      req,
      403,
      "Authorization_RequestDenied",
      "Insufficient privileges to complete the operation.",
    );
  }
  // A partner user in a customer tenant acts only with the roles GDAP gives its groups.
  const user = check.claims.oid ? state().users.find((u) => u.id === check.claims.oid) : undefined;
  if (user && user.tenantId !== check.claims.tid) {
    const missing = missingGdapRole(state(), user.id, check.claims.tid, needed.gdap);
    if (missing)
      return graphError(
        req,
        403,
        "Authorization_RequestDenied",
        `Insufficient privileges to complete the operation. The signed-in partner user holds no GDAP role that allows it in this tenant (needs ${missing}).`,
      );
  }
  return { claims: check.claims, tenantId: check.claims.tid, permissions };
}

/** A handler that runs only for a valid Graph token with one of the permissions the call needs. */
export const guarded =
  (ctx: EmulatorContext, needed: Permission, handle: GuardedHandler): Handler =>
  (req, params) => {
    const auth = authorize(ctx, req, needed);
    return "status" in auth ? auth : handle(req, auth, params);
  };
