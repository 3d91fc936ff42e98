import { z } from "zod";

import { type Router, parseJson } from "../../http";
import { resourceApp } from "../../state/catalog";
import { graphError, notFound } from "./errors";
import { PERMISSIONS } from "./permissions";
import type { GraphTools } from "./tools";

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
        .appRoleAssignments.filter((a) => a.tenantId === auth.tenantId && a.principalId === id)
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
        return graphError(
          req,
          409,
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
}
