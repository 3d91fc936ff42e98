import { z } from "zod";

import { type Router, parseJson } from "../../http";
import { resourceApp } from "../../state/catalog";
import type { ServicePrincipalRecord } from "../../state/model";
import { removeServicePrincipal } from "../../state/mutations";
import { graphError, notFound } from "./errors";
import { select } from "./odata";
import { PERMISSIONS } from "./permissions";
import type { GraphTools } from "./tools";
import { toServicePrincipal } from "./views";

/** Service principals: list, by appId, by id, create (replicates), update, delete (cascades). */
export function registerServicePrincipals(router: Router, g: GraphTools): void {
  router.add(
    "graph.servicePrincipals.list",
    "GET",
    /^\/v1\.0\/servicePrincipals$/,
    g.guarded(PERMISSIONS.spRead, (req, auth) => {
      return g.page(req, g.spsOf(auth.tenantId).map(toServicePrincipal), [
        "appId",
        "displayName",
        "id",
        "accountEnabled",
      ]);
    }),
  );

  router.add(
    "graph.servicePrincipals.byAppId",
    "GET",
    /^\/v1\.0\/servicePrincipals\(appId='([^']+)'\)$/,
    g.guarded(PERMISSIONS.spRead, (req, auth, [appId]) => {
      const sp = g.spsOf(auth.tenantId).find((s) => s.appId === appId.toLowerCase());
      return sp ? { status: 200, body: select(req, toServicePrincipal(sp)) } : notFound(req, appId);
    }),
  );

  router.add(
    "graph.servicePrincipals.get",
    "GET",
    /^\/v1\.0\/servicePrincipals\/([^/]+)$/,
    g.guarded(PERMISSIONS.spRead, (req, auth, [id]) => {
      const sp = g.findSp(auth.tenantId, id);
      return sp ? { status: 200, body: select(req, toServicePrincipal(sp)) } : notFound(req, id);
    }),
  );

  router.add(
    "graph.servicePrincipals.create",
    "POST",
    /^\/v1\.0\/servicePrincipals$/,
    g.guarded(PERMISSIONS.spCreate, (req, auth) => {
      const body = z
        .object({ appId: z.string(), accountEnabled: z.boolean().optional() })
        .safeParse(parseJson(req.body));
      if (!body.success)
        return graphError(
          req,
          400,
          "Request_BadRequest",
          "Invalid request body: a servicePrincipal needs 'appId'.",
        );
      const appId = body.data.appId.toLowerCase();
      const known =
        g.state().apps.find((a) => a.appId === appId) ??
        resourceApp(appId) ??
        g.state().multiTenantApps.find((a) => a.appId === appId) ??
        g.state().servicePrincipals.find((sp) => sp.appId === appId);
      if (!known) {
        return graphError(
          req,
          400,
          "Request_BadRequest",
          `The appId '${body.data.appId}' of the service principal does not reference a valid application object.`,
        );
      }
      if (g.state().servicePrincipals.some((sp) => sp.tenantId === auth.tenantId && sp.appId === appId)) {
        return graphError(
          req,
          409,
          "Request_MultipleObjectsWithSameKeyValue",
          "Another object with the same value for property servicePrincipalNames already exists.",
        );
      }
      const now = g.ctx.now();
      const sp: ServicePrincipalRecord = {
        id: g.ctx.newId(),
        tenantId: auth.tenantId,
        appId,
        displayName: known.displayName,
        appOwnerOrganizationId:
          "homeTenantId" in known && typeof known.homeTenantId === "string" ? known.homeTenantId : null,
        accountEnabled: body.data.accountEnabled ?? true,
        servicePrincipalType: "Application",
        createdDateTime: now.toISOString(),
        // Replication: a GET right after the POST can still answer 404.
        visibleAfter: new Date(now.getTime() + g.state().options.graphCreateDelayMs).toISOString(),
      };
      g.state().servicePrincipals.push(sp);
      return { status: 201, body: toServicePrincipal(sp) };
    }),
  );

  router.add(
    "graph.servicePrincipals.update",
    "PATCH",
    /^\/v1\.0\/servicePrincipals\/([^/]+)$/,
    g.guarded(PERMISSIONS.spWrite, (req, auth, [id]) => {
      const sp = g.findSp(auth.tenantId, id);
      if (!sp) return notFound(req, id);
      const body = z
        .object({ accountEnabled: z.boolean().optional(), displayName: z.string().optional() })
        .strict()
        .safeParse(parseJson(req.body));
      if (!body.success)
        return graphError(
          req,
          400,
          "Request_BadRequest",
          "Invalid request body for servicePrincipal update.",
        );
      Object.assign(sp, body.data);
      return { status: 204 };
    }),
  );

  router.add(
    "graph.servicePrincipals.delete",
    "DELETE",
    /^\/v1\.0\/servicePrincipals\/([^/]+)$/,
    g.guarded(PERMISSIONS.spWrite, (req, auth, [id]) => {
      const sp = g.findSp(auth.tenantId, id);
      if (!sp) return notFound(req, id);
      removeServicePrincipal(g.ctx.store.state, sp);
      return { status: 204 };
    }),
  );
}
