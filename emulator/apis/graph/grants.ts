import { z } from "zod";

import { type EmulatorRequest, type EmulatorResponse, type Router, parseJson } from "../../http";
import type { GrantRecord } from "../../state/model";
import { MAX_GRANT_WRITE_SCOPE } from "../../state/consents";
import { graphError, notFound } from "./errors";
import { PERMISSIONS } from "./permissions";
import type { GraphTools } from "./tools";

/** Graph refuses a grant write whose scope passes its documented length (wording UNCONFIRMED). */
const scopeTooLong = (req: EmulatorRequest): EmulatorResponse =>
  graphError(
    req,
    400,
    "Request_BadRequest",
    `Invalid value specified for property 'scope' of resource 'OAuth2PermissionGrant': it must not exceed ${MAX_GRANT_WRITE_SCOPE} characters.`,
  );

/** Delegated permission grants: list, per client, create, update (replicates), delete. */
export function registerGrants(router: Router, g: GraphTools): void {
  router.add(
    "graph.oauth2PermissionGrants.list",
    "GET",
    /^\/v1\.0\/oauth2PermissionGrants$/,
    g.guarded(PERMISSIONS.grantRead, (req, auth) => {
      return g.page(req, g.grantsOf(auth.tenantId).map(g.toGrant), [
        "clientId",
        "consentType",
        "resourceId",
        "principalId",
      ]);
    }),
  );

  router.add(
    "graph.servicePrincipals.oauth2PermissionGrants",
    "GET",
    /^\/v1\.0\/servicePrincipals\/([^/]+)\/oauth2PermissionGrants$/,
    g.guarded(PERMISSIONS.grantRead, (req, auth, [id]) => {
      if (!g.findSp(auth.tenantId, id)) return notFound(req, id);
      return g.page(
        req,
        g
          .grantsOf(auth.tenantId)
          .filter((g) => g.clientId === id)
          .map(g.toGrant),
        ["consentType", "resourceId"],
      );
    }),
  );

  router.add(
    "graph.oauth2PermissionGrants.create",
    "POST",
    /^\/v1\.0\/oauth2PermissionGrants$/,
    g.guarded(PERMISSIONS.grantWrite, (req, auth) => {
      const body = z
        .object({
          clientId: z.string(),
          consentType: z.enum(["AllPrincipals", "Principal"]),
          principalId: z.string().nullable().optional(),
          resourceId: z.string(),
          scope: z.string(),
        })
        .safeParse(parseJson(req.body));
      if (!body.success)
        return graphError(
          req,
          400,
          "Request_BadRequest",
          `Invalid oauth2PermissionGrant: ${body.error.issues.map((i) => i.path.join(".")).join(", ")}.`,
        );
      if (body.data.scope.length > MAX_GRANT_WRITE_SCOPE) return scopeTooLong(req);
      if (!g.findSp(auth.tenantId, body.data.clientId)) return notFound(req, body.data.clientId);
      if (!g.findSp(auth.tenantId, body.data.resourceId)) return notFound(req, body.data.resourceId);
      const duplicate = g
        .state()
        .grants.some(
          (g) =>
            g.tenantId === auth.tenantId &&
            g.clientId === body.data.clientId &&
            g.resourceId === body.data.resourceId &&
            g.consentType === body.data.consentType &&
            g.deletedAt === null &&
            (g.principalId ?? null) === (body.data.principalId ?? null),
        );
      if (duplicate)
        return graphError(
          req,
          409,
          "Request_MultipleObjectsWithSameKeyValue",
          "Permission entry already exists.",
        );
      const grant: GrantRecord = {
        id: g.ctx.newId(),
        tenantId: auth.tenantId,
        clientId: body.data.clientId,
        consentType: body.data.consentType,
        principalId: body.data.principalId ?? null,
        resourceId: body.data.resourceId,
        scope: body.data.scope,
        // Readable by id-less listings only after replication, like a consent's grants.
        visibleAfter: new Date(g.ctx.now().getTime() + g.state().options.propagationDelayMs).toISOString(),
        deletedAt: null,
        previousScope: null,
        scopeVisibleAfter: null,
      };
      g.state().grants.push(grant);
      return { status: 201, body: g.toGrant(grant) };
    }),
  );

  router.add(
    "graph.oauth2PermissionGrants.update",
    "PATCH",
    /^\/v1\.0\/oauth2PermissionGrants\/([^/]+)$/,
    g.guarded(PERMISSIONS.grantWrite, (req, auth, [id]) => {
      const grant = g.grantsOf(auth.tenantId).find((g) => g.id === id);
      if (!grant) return notFound(req, id);
      const body = z.object({ scope: z.string() }).safeParse(parseJson(req.body));
      if (body.success && body.data.scope.length > MAX_GRANT_WRITE_SCOPE) return scopeTooLong(req);
      if (!body.success)
        return graphError(
          req,
          400,
          "Request_BadRequest",
          "Invalid request body: only 'scope' can be updated.",
        );
      const now = g.ctx.now().getTime();
      const stillReplicating =
        grant.scopeVisibleAfter !== null && new Date(grant.scopeVisibleAfter).getTime() > now;
      grant.previousScope = stillReplicating ? grant.previousScope : grant.scope;
      grant.scopeVisibleAfter = new Date(now + g.state().options.propagationDelayMs).toISOString();
      grant.scope = body.data.scope;
      return { status: 204 };
    }),
  );

  router.add(
    "graph.oauth2PermissionGrants.delete",
    "DELETE",
    /^\/v1\.0\/oauth2PermissionGrants\/([^/]+)$/,
    g.guarded(PERMISSIONS.grantWrite, (req, auth, [id]) => {
      const index = g.state().grants.findIndex((g) => g.tenantId === auth.tenantId && g.id === id);
      if (index < 0) return notFound(req, id);
      g.state().grants.splice(index, 1);
      return { status: 204 };
    }),
  );
}
