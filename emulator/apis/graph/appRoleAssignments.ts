import { z } from "zod";

import { type Router, parseJson } from "../../http";
import { WELL_KNOWN_APP_IDS } from "../../../provider/contracts/identity";
import type { EmulatorRequest, EmulatorResponse } from "../../http";
import { resourceApp } from "../../state/catalog";
import { missingGdapRole } from "../../state/gdap";
import { graphError, notFound } from "./errors";
import { type Authorized, PERMISSIONS } from "./permissions";
import type { GraphTools } from "./tools";

/**
 * Microsoft Graph's own app roles need more than other APIs' (the application administrators may
 * not grant them): a partner user in a customer tenant needs a role of the table's
 * `graphAppRoleAssignment` row through GDAP.
 */
function refuseGraphAppRoles(
  g: GraphTools,
  req: EmulatorRequest,
  auth: Authorized,
  resourceAppId: string,
): EmulatorResponse | undefined {
  if (resourceAppId !== WELL_KNOWN_APP_IDS.microsoftGraph) return undefined;
  const user = auth.claims.oid ? g.state().users.find((u) => u.id === auth.claims.oid) : undefined;
  if (!user || user.tenantId === auth.tenantId) return undefined;
  const missing = missingGdapRole(g.state(), user.id, auth.tenantId, "graphAppRoleAssignment");
  if (!missing) return undefined;
  return graphError(
    req,
    403,
    "Authorization_RequestDenied",
    `Insufficient privileges to complete the operation. Assigning Microsoft Graph app roles needs ${missing}.`,
  );
}

/** App role assignments of a service principal: list and create. */
export function registerAppRoleAssignments(router: Router, g: GraphTools): void {
  router.add(
    "graph.servicePrincipals.appRoleAssignments",
    "GET",
    /^\/v1\.0\/servicePrincipals\/([^/]+)\/appRoleAssignments$/,
    g.guarded(PERMISSIONS.spRead, (req, auth, [id]) => {
      const sp = g.findSp(auth.tenantId, id);
      if (!sp) return notFound(req, id);
      const assignments = g
        .state()
        .appRoleAssignments.filter(
          (a) =>
            a.tenantId === auth.tenantId &&
            a.principalId === id &&
            (!a.listedFrom || new Date(a.listedFrom) <= g.ctx.now()),
        )
        .map((a) => ({
          id: a.id,
          createdDateTime: a.createdDateTime,
          appRoleId: a.appRoleId,
          principalDisplayName: sp.displayName,
          principalId: a.principalId,
          principalType: "ServicePrincipal",
          resourceDisplayName: g.findSp(auth.tenantId, a.resourceId)?.displayName ?? "",
          resourceId: a.resourceId,
        }));
      return g.page(req, assignments, ["resourceId", "appRoleId"]);
    }),
  );

  router.add(
    "graph.servicePrincipals.appRoleAssignments.create",
    "POST",
    /^\/v1\.0\/servicePrincipals\/([^/]+)\/appRoleAssignments$/,
    g.guarded(PERMISSIONS.roleWrite, (req, auth, [id]) => {
      const sp = g.findSp(auth.tenantId, id);
      if (!sp) return notFound(req, id);
      const body = z
        .object({ principalId: z.string(), resourceId: z.string(), appRoleId: z.string() })
        .safeParse(parseJson(req.body));
      if (!body.success || body.data.principalId !== id)
        return graphError(
          req,
          400,
          "Request_BadRequest",
          "Invalid appRoleAssignment: principalId must be the service principal in the URL.",
        );
      const resource = g.findSp(auth.tenantId, body.data.resourceId);
      if (!resource) return notFound(req, body.data.resourceId);
      const refused = refuseGraphAppRoles(g, req, auth, resource.appId);
      if (refused) return refused;
      if (!resourceApp(resource.appId)?.appRoles.some((r) => r.id === body.data.appRoleId)) {
        return graphError(
          req,
          400,
          "Request_BadRequest",
          `Permission being assigned was not found on application '${resource.appId}'.`,
        );
      }
      if (
        g
          .state()
          .appRoleAssignments.some(
            (a) =>
              a.tenantId === auth.tenantId &&
              a.principalId === id &&
              a.resourceId === resource.id &&
              a.appRoleId === body.data.appRoleId,
          )
      ) {
        // Graph answers a duplicate with 400, not 409 (hashicorp/terraform-provider-azuread#1896).
        return graphError(
          req,
          400,
          "Request_BadRequest",
          "Permission being assigned already exists on the object.",
        );
      }
      const assignment = {
        id: g.ctx.newId(),
        tenantId: auth.tenantId,
        createdDateTime: g.ctx.now().toISOString(),
        ...body.data,
      };
      g.state().appRoleAssignments.push(assignment);
      return {
        status: 201,
        body: {
          ...assignment,
          tenantId: undefined,
          principalDisplayName: sp.displayName,
          principalType: "ServicePrincipal",
          resourceDisplayName: resource.displayName,
        },
      };
    }),
  );

  router.add(
    "graph.servicePrincipals.appRoleAssignments.delete",
    "DELETE",
    /^\/v1\.0\/servicePrincipals\/([^/]+)\/appRoleAssignments\/([^/]+)$/,
    g.guarded(PERMISSIONS.roleWrite, (req, auth, [id, assignmentId]) => {
      const assignment = g
        .state()
        .appRoleAssignments.find(
          (a) => a.tenantId === auth.tenantId && a.principalId === id && a.id === assignmentId,
        );
      if (!assignment) return notFound(req, assignmentId);
      const resource = g.findSp(auth.tenantId, assignment.resourceId);
      const refused = resource && refuseGraphAppRoles(g, req, auth, resource.appId);
      if (refused) return refused;
      g.ctx.store.state.appRoleAssignments = g.state().appRoleAssignments.filter((a) => a !== assignment);
      return { status: 204 };
    }),
  );
}
