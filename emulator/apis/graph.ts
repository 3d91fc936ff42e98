import { randomUUID } from "crypto";

import { z } from "zod";

import { batchRequestSchema, type GraphError } from "../../provider/contracts/graph";
import { AUDIENCES, type AccessTokenClaims } from "../../provider/contracts/identity";
import { type EmulatorContext, checkAccessToken } from "../context";
import {
  type EmulatorRequest,
  type EmulatorResponse,
  type Handler,
  type Router,
  headerValue,
  parseJson,
} from "../http";
import { resourceApp } from "../state/catalog";
import { missingGdapRole } from "../state/gdap";
import type { GrantRecord, ServicePrincipalRecord } from "../state/model";
import { MAX_SCOPE_STRING, grantReadable } from "./consents";

const DEFAULT_PAGE = 100;
const MAX_PAGE = 999;
/**
 * Permissions (delegated `scp` or application `roles`) that allow each kind of call, after Graph's
 * permission tables; writes also need a consent-capable GDAP role in a customer tenant.
 */
const PERMISSIONS = {
  spRead: {
    write: false,
    any: [
      "Application.Read.All",
      "Application.ReadWrite.All",
      "Directory.Read.All",
      "Directory.ReadWrite.All",
    ],
  },
  spWrite: { write: true, any: ["Application.ReadWrite.All", "Directory.ReadWrite.All"] },
  grantRead: {
    write: false,
    any: ["Directory.Read.All", "DelegatedPermissionGrant.ReadWrite.All", "Directory.ReadWrite.All"],
  },
  grantWrite: { write: true, any: ["DelegatedPermissionGrant.ReadWrite.All", "Directory.ReadWrite.All"] },
  roleWrite: {
    write: true,
    any: ["AppRoleAssignment.ReadWrite.All", "Application.ReadWrite.All", "Directory.ReadWrite.All"],
  },
  gdapRead: {
    write: false,
    any: ["DelegatedAdminRelationship.Read.All", "DelegatedAdminRelationship.ReadWrite.All"],
  },
  memberRead: {
    write: false,
    any: [
      "User.Read",
      "GroupMember.Read.All",
      "Group.Read.All",
      "Directory.Read.All",
      "Directory.ReadWrite.All",
    ],
  },
} as const;
type Permission = (typeof PERMISSIONS)[keyof typeof PERMISSIONS];

export function graphError(
  req: EmulatorRequest,
  status: number,
  code: string,
  message: string,
): EmulatorResponse {
  const body: GraphError = {
    error: {
      code,
      message,
      innerError: {
        date: new Date().toISOString().replace(/\.\d+Z$/, ""),
        "request-id": randomUUID(),
        "client-request-id": headerValue(req, "client-request-id") ?? randomUUID(),
      },
    },
  };
  return { status, body };
}

type Authorized = { claims: AccessTokenClaims; tenantId: string; permissions: string[] };

/** Microsoft Graph v1.0: service principals, grants, app role assignments, GDAP and $batch. */
export function registerGraph(router: Router, ctx: EmulatorContext): void {
  const state = () => ctx.store.state;
  const visible = <T extends { visibleAfter: string }>(o: T) =>
    new Date(o.visibleAfter).getTime() <= ctx.now().getTime();

  function authorize(req: EmulatorRequest, needed: Permission): Authorized | EmulatorResponse {
    const check = checkAccessToken(ctx, req, AUDIENCES.graph);
    if (!check.ok) return graphError(req, check.status, check.code, check.message);
    req.tenant = check.claims.tid;
    const permissions = [
      ...(check.claims.scp?.split(/\s+/).filter(Boolean) ?? []),
      ...(check.claims.roles ?? []),
    ];
    const write = needed.write;
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
      const missing = missingGdapRole(state(), user.id, check.claims.tid, write ? "consent" : "read");
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
  const isResponse = (x: Authorized | EmulatorResponse): x is EmulatorResponse => "status" in x;
  /** A handler that runs only for a valid Graph token with one of the permissions the call needs. */
  const guarded =
    (
      needed: Permission,
      handle: (req: EmulatorRequest, auth: Authorized, params: string[]) => EmulatorResponse,
    ): Handler =>
    (req, params) => {
      const auth = authorize(req, needed);
      return isResponse(auth) ? auth : handle(req, auth, params);
    };

  function toServicePrincipal(sp: ServicePrincipalRecord) {
    const catalog = resourceApp(sp.appId);
    return {
      id: sp.id,
      appId: sp.appId,
      displayName: sp.displayName,
      // Managed identities have no application object: appDisplayName null, as Graph shows them.
      appDisplayName: sp.servicePrincipalType === "ManagedIdentity" ? null : sp.displayName,
      appOwnerOrganizationId: sp.appOwnerOrganizationId,
      accountEnabled: sp.accountEnabled,
      servicePrincipalType: sp.servicePrincipalType,
      servicePrincipalNames: [sp.appId],
      publisherName: null,
      homepage: null,
      tags: [],
      appRoles: (catalog?.appRoles ?? []).map((r) => ({
        id: r.id,
        value: r.value,
        displayName: r.value,
        allowedMemberTypes: ["Application"],
        isEnabled: true,
      })),
      oauth2PermissionScopes: (catalog?.scopes ?? []).map((s) => ({
        id: s.id,
        value: s.value,
        type: "Admin",
        isEnabled: true,
      })),
    };
  }
  const toGrant = (g: GrantRecord) => ({
    id: g.id,
    clientId: g.clientId,
    consentType: g.consentType,
    principalId: g.principalId,
    resourceId: g.resourceId,
    scope:
      g.previousScope !== null &&
      g.scopeVisibleAfter !== null &&
      new Date(g.scopeVisibleAfter).getTime() > ctx.now().getTime()
        ? g.previousScope
        : g.scope,
  });

  /** Applies $filter (`field eq 'value'`, joined by `and`), $select, $top and $skiptoken paging. */
  function page(
    req: EmulatorRequest,
    items: Record<string, unknown>[],
    filterable: string[],
    maxTop = MAX_PAGE,
  ): EmulatorResponse {
    const params = req.url.searchParams;
    const filter = params.get("$filter");
    let result = items;
    if (filter) {
      const clauses = filter.split(/\s+and\s+/i);
      for (const clause of clauses) {
        const match = /^\s*(\w+)\s+eq\s+'([^']*)'\s*$/i.exec(clause);
        if (!match || !filterable.includes(match[1])) {
          return graphError(
            req,
            400,
            "Request_UnsupportedQuery",
            `Unsupported or invalid query filter clause specified for property '${match?.[1] ?? clause}'.`,
          );
        }
        const [, field, value] = match;
        result = result.filter((item) => String(item[field]).toLowerCase() === value.toLowerCase());
      }
    }
    const topRaw = params.get("$top");
    const top = topRaw === null ? DEFAULT_PAGE : Number(topRaw);
    if (!Number.isInteger(top) || top < 1 || top > maxTop) {
      return graphError(
        req,
        400,
        "Request_BadRequest",
        `Invalid page size specified: '${topRaw ?? ""}'. Must be between 1 and ${maxTop} inclusive.`,
      );
    }
    const skip = Number(Buffer.from(params.get("$skiptoken") ?? "MA", "base64url").toString()) || 0;
    const slice = result.slice(skip, skip + top);
    const select = params
      .get("$select")
      ?.split(",")
      .map((f) => f.trim())
      .filter(Boolean);
    const value = select
      ? slice.map((item) =>
          Object.fromEntries(["id", ...select].filter((f) => f in item).map((f) => [f, item[f]])),
        )
      : slice;
    const body: Record<string, unknown> = { "@odata.context": `${ctx.baseUrl()}/v1.0/$metadata`, value };
    if (skip + top < result.length) {
      const next = new URL(`${ctx.baseUrl()}${req.url.pathname}`);
      params.forEach((v, k) => {
        if (k !== "$skiptoken") next.searchParams.set(k, v);
      });
      next.searchParams.set("$skiptoken", Buffer.from(String(skip + top)).toString("base64url"));
      body["@odata.nextLink"] = next.toString();
    }
    return { status: 200, body };
  }

  const spsOf = (tenantId: string) =>
    state().servicePrincipals.filter((sp) => sp.tenantId === tenantId && visible(sp));
  const findSp = (tenantId: string, id: string) => spsOf(tenantId).find((sp) => sp.id === id.toLowerCase());
  const notFound = (req: EmulatorRequest, id: string) =>
    graphError(
      req,
      404,
      "Request_ResourceNotFound",
      `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
    );

  router.add(
    "graph.servicePrincipals.list",
    "GET",
    /^\/v1\.0\/servicePrincipals$/,
    guarded(PERMISSIONS.spRead, (req, auth) => {
      return page(req, spsOf(auth.tenantId).map(toServicePrincipal), [
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
    guarded(PERMISSIONS.spRead, (req, auth, [appId]) => {
      const sp = spsOf(auth.tenantId).find((s) => s.appId === appId.toLowerCase());
      return sp ? { status: 200, body: select(req, toServicePrincipal(sp)) } : notFound(req, appId);
    }),
  );

  router.add(
    "graph.servicePrincipals.get",
    "GET",
    /^\/v1\.0\/servicePrincipals\/([^/]+)$/,
    guarded(PERMISSIONS.spRead, (req, auth, [id]) => {
      const sp = findSp(auth.tenantId, id);
      return sp ? { status: 200, body: select(req, toServicePrincipal(sp)) } : notFound(req, id);
    }),
  );

  router.add(
    "graph.servicePrincipals.create",
    "POST",
    /^\/v1\.0\/servicePrincipals$/,
    guarded(PERMISSIONS.spWrite, (req, auth) => {
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
        state().apps.find((a) => a.appId === appId) ??
        resourceApp(appId) ??
        state().multiTenantApps.find((a) => a.appId === appId) ??
        state().servicePrincipals.find((sp) => sp.appId === appId);
      if (!known) {
        return graphError(
          req,
          400,
          "Request_BadRequest",
          `The appId '${body.data.appId}' of the service principal does not reference a valid application object.`,
        );
      }
      if (state().servicePrincipals.some((sp) => sp.tenantId === auth.tenantId && sp.appId === appId)) {
        return graphError(
          req,
          409,
          "Request_MultipleObjectsWithSameKeyValue",
          "Another object with the same value for property servicePrincipalNames already exists.",
        );
      }
      const now = ctx.now();
      const sp: ServicePrincipalRecord = {
        id: ctx.newId(),
        tenantId: auth.tenantId,
        appId,
        displayName: known.displayName,
        appOwnerOrganizationId:
          "homeTenantId" in known && typeof known.homeTenantId === "string" ? known.homeTenantId : null,
        accountEnabled: body.data.accountEnabled ?? true,
        servicePrincipalType: "Application",
        createdDateTime: now.toISOString(),
        // Replication: a GET right after the POST can still answer 404.
        visibleAfter: new Date(now.getTime() + state().options.graphCreateDelayMs).toISOString(),
      };
      state().servicePrincipals.push(sp);
      return { status: 201, body: toServicePrincipal(sp) };
    }),
  );

  router.add(
    "graph.servicePrincipals.update",
    "PATCH",
    /^\/v1\.0\/servicePrincipals\/([^/]+)$/,
    guarded(PERMISSIONS.spWrite, (req, auth, [id]) => {
      const sp = findSp(auth.tenantId, id);
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
    guarded(PERMISSIONS.spWrite, (req, auth, [id]) => {
      const sp = findSp(auth.tenantId, id);
      if (!sp) return notFound(req, id);
      removeServicePrincipal(ctx, sp);
      return { status: 204 };
    }),
  );

  const grantsOf = (tenantId: string) =>
    state().grants.filter((g) => g.tenantId === tenantId && grantReadable(ctx, g));

  router.add(
    "graph.oauth2PermissionGrants.list",
    "GET",
    /^\/v1\.0\/oauth2PermissionGrants$/,
    guarded(PERMISSIONS.grantRead, (req, auth) => {
      return page(req, grantsOf(auth.tenantId).map(toGrant), [
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
    guarded(PERMISSIONS.grantRead, (req, auth, [id]) => {
      if (!findSp(auth.tenantId, id)) return notFound(req, id);
      return page(
        req,
        grantsOf(auth.tenantId)
          .filter((g) => g.clientId === id)
          .map(toGrant),
        ["consentType", "resourceId"],
      );
    }),
  );

  router.add(
    "graph.oauth2PermissionGrants.create",
    "POST",
    /^\/v1\.0\/oauth2PermissionGrants$/,
    guarded(PERMISSIONS.grantWrite, (req, auth) => {
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
      if (body.data.scope.trim().length > MAX_SCOPE_STRING)
        return graphError(
          req,
          400,
          "Request_BadRequest",
          `AADSTS650051: the scope string is longer than ${MAX_SCOPE_STRING} characters.`,
        );
      if (!findSp(auth.tenantId, body.data.clientId)) return notFound(req, body.data.clientId);
      if (!findSp(auth.tenantId, body.data.resourceId)) return notFound(req, body.data.resourceId);
      const duplicate = state().grants.some(
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
        id: ctx.newId(),
        tenantId: auth.tenantId,
        clientId: body.data.clientId,
        consentType: body.data.consentType,
        principalId: body.data.principalId ?? null,
        resourceId: body.data.resourceId,
        scope: body.data.scope,
        // Readable by id-less listings only after replication, like a consent's grants.
        visibleAfter: new Date(ctx.now().getTime() + state().options.propagationDelayMs).toISOString(),
        deletedAt: null,
        previousScope: null,
        scopeVisibleAfter: null,
      };
      state().grants.push(grant);
      return { status: 201, body: toGrant(grant) };
    }),
  );

  router.add(
    "graph.oauth2PermissionGrants.update",
    "PATCH",
    /^\/v1\.0\/oauth2PermissionGrants\/([^/]+)$/,
    guarded(PERMISSIONS.grantWrite, (req, auth, [id]) => {
      const grant = grantsOf(auth.tenantId).find((g) => g.id === id);
      if (!grant) return notFound(req, id);
      const body = z
        .object({ scope: z.string().refine((s) => s.trim().length <= MAX_SCOPE_STRING) })
        .safeParse(parseJson(req.body));
      if (!body.success)
        return graphError(
          req,
          400,
          "Request_BadRequest",
          "Invalid request body: only 'scope' can be updated.",
        );
      const now = ctx.now().getTime();
      const stillReplicating =
        grant.scopeVisibleAfter !== null && new Date(grant.scopeVisibleAfter).getTime() > now;
      grant.previousScope = stillReplicating ? grant.previousScope : grant.scope;
      grant.scopeVisibleAfter = new Date(now + state().options.propagationDelayMs).toISOString();
      grant.scope = body.data.scope;
      return { status: 204 };
    }),
  );

  router.add(
    "graph.oauth2PermissionGrants.delete",
    "DELETE",
    /^\/v1\.0\/oauth2PermissionGrants\/([^/]+)$/,
    guarded(PERMISSIONS.grantWrite, (req, auth, [id]) => {
      const index = state().grants.findIndex((g) => g.tenantId === auth.tenantId && g.id === id);
      if (index < 0) return notFound(req, id);
      state().grants.splice(index, 1);
      return { status: 204 };
    }),
  );

  router.add(
    "graph.servicePrincipals.appRoleAssignments",
    "GET",
    /^\/v1\.0\/servicePrincipals\/([^/]+)\/appRoleAssignments$/,
    guarded(PERMISSIONS.spRead, (req, auth, [id]) => {
      const sp = findSp(auth.tenantId, id);
      if (!sp) return notFound(req, id);
      const assignments = state()
        .appRoleAssignments.filter((a) => a.tenantId === auth.tenantId && a.principalId === id)
        .map((a) => ({
          id: a.id,
          createdDateTime: a.createdDateTime,
          appRoleId: a.appRoleId,
          principalDisplayName: sp.displayName,
          principalId: a.principalId,
          principalType: "ServicePrincipal",
          resourceDisplayName: findSp(auth.tenantId, a.resourceId)?.displayName ?? "",
          resourceId: a.resourceId,
        }));
      return page(req, assignments, ["resourceId", "appRoleId"]);
    }),
  );

  router.add(
    "graph.servicePrincipals.appRoleAssignments.create",
    "POST",
    /^\/v1\.0\/servicePrincipals\/([^/]+)\/appRoleAssignments$/,
    guarded(PERMISSIONS.roleWrite, (req, auth, [id]) => {
      const sp = findSp(auth.tenantId, id);
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
      const resource = findSp(auth.tenantId, body.data.resourceId);
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
        state().appRoleAssignments.some(
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
        id: ctx.newId(),
        tenantId: auth.tenantId,
        createdDateTime: ctx.now().toISOString(),
        ...body.data,
      };
      state().appRoleAssignments.push(assignment);
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
    "graph.delegatedAdminRelationships",
    "GET",
    /^\/v1\.0\/tenantRelationships\/delegatedAdminRelationships$/,
    guarded(PERMISSIONS.gdapRead, (req, auth) => {
      const items = state()
        .gdapRelationships.filter((r) => r.partnerTenantId === auth.tenantId)
        .map((r) => ({
          "@odata.type":
            r.kind === "reseller"
              ? "#microsoft.graph.resellerDelegatedAdminRelationship"
              : "#microsoft.graph.delegatedAdminRelationship",
          "@odata.etag": `W/"${Buffer.from(r.id).toString("base64").slice(0, 16)}"`,
          id: r.id,
          displayName: r.displayName,
          duration: r.duration,
          customer: { tenantId: r.customerTenantId, displayName: r.customerDisplayName },
          accessDetails: {
            unifiedRoles: r.roleDefinitionIds.map((roleDefinitionId) => ({ roleDefinitionId })),
          },
          status: r.status,
          autoExtendDuration: r.autoExtendDuration,
          createdDateTime: r.createdDateTime,
          lastModifiedDateTime: r.createdDateTime,
          activatedDateTime: r.activatedDateTime,
          endDateTime: r.endDateTime,
          ...(r.kind === "reseller" ? { isPartnerConsentPending: r.status !== "active" } : {}),
        }));
      return page(req, items, ["status", "displayName", "id"], 300);
    }),
  );

  router.add(
    "graph.delegatedAdminRelationships.accessAssignments",
    "GET",
    /^\/v1\.0\/tenantRelationships\/delegatedAdminRelationships\/([^/]+)\/accessAssignments$/,
    guarded(PERMISSIONS.gdapRead, (req, auth, [id]) => {
      const relationship = state().gdapRelationships.find(
        (r) => r.partnerTenantId === auth.tenantId && r.id === id,
      );
      if (!relationship) return notFound(req, id);
      const items = relationship.accessAssignments.map((a) => ({
        "@odata.type": "#microsoft.graph.delegatedAdminAccessAssignment",
        id: a.id,
        status: a.status,
        createdDateTime: relationship.createdDateTime,
        lastModifiedDateTime: relationship.createdDateTime,
        accessContainer: { accessContainerId: a.groupId, accessContainerType: "securityGroup" },
        accessDetails: {
          unifiedRoles: a.roleDefinitionIds.map((roleDefinitionId) => ({ roleDefinitionId })),
        },
      }));
      return page(req, items, ["status"], 300);
    }),
  );

  router.add(
    "graph.me.transitiveMemberOf",
    "GET",
    /^\/v1\.0\/me\/transitiveMemberOf(?:\/microsoft\.graph\.group)?$/,
    guarded(PERMISSIONS.memberRead, (req, auth) => {
      const userId = auth.claims.oid;
      if (!userId)
        return graphError(
          req,
          400,
          "BadRequest",
          "/me request is only valid with delegated authentication flow.",
        );
      const groups = state()
        .partnerGroups.filter((g) => g.memberIds.includes(userId))
        .map((g) => ({
          "@odata.type": "#microsoft.graph.group",
          id: g.id,
          displayName: g.displayName,
          securityEnabled: true,
          mailEnabled: false,
        }));
      return page(req, groups, ["displayName"]);
    }),
  );

  router.add("graph.batch", "POST", /^\/v1\.0\/\$batch$/, async (req) => {
    const parsed = batchRequestSchema.safeParse(parseJson(req.body));
    if (!parsed.success) {
      return graphError(
        req,
        400,
        "BadRequest",
        "Invalid batch payload: 'requests' must hold 1 to 20 requests with id, method and url.",
      );
    }
    const responses = [];
    for (const sub of parsed.data.requests) {
      const url = new URL(`${ctx.baseUrl()}/v1.0${sub.url.startsWith("/") ? sub.url : `/${sub.url}`}`);
      const subReq: EmulatorRequest = {
        method: sub.method,
        url,
        path: decodeURIComponent(url.pathname),
        headers: { ...req.headers, ...(sub.headers ?? {}) },
        body: sub.body === undefined ? "" : JSON.stringify(sub.body),
      };
      const found = router.match(sub.method, subReq.path);
      const res = found
        ? await found.route.handler(subReq, found.params)
        : graphError(subReq, 400, "BadRequest", `Resource not found for the segment '${subReq.path}'.`);
      req.tenant ??= subReq.tenant;
      responses.push({
        id: sub.id,
        status: res.status,
        headers: { "Content-Type": "application/json", ...(res.headers ?? {}) },
        body: res.body ?? null,
      });
    }
    return { status: 200, body: { responses } };
  });
}

function select(req: EmulatorRequest, item: Record<string, unknown>): Record<string, unknown> {
  const fields = req.url.searchParams
    .get("$select")
    ?.split(",")
    .map((f) => f.trim())
    .filter(Boolean);
  return fields
    ? Object.fromEntries(["id", ...fields].filter((f) => f in item).map((f) => [f, item[f]]))
    : item;
}

/** Deletes a service principal with its grants and app role assignments (Graph cascades them). */
export function removeServicePrincipal(ctx: EmulatorContext, sp: ServicePrincipalRecord): void {
  const s = ctx.store.state;
  s.servicePrincipals = s.servicePrincipals.filter((x) => x !== sp);
  s.grants = s.grants.filter(
    (g) => !(g.tenantId === sp.tenantId && (g.clientId === sp.id || g.resourceId === sp.id)),
  );
  s.appRoleAssignments = s.appRoleAssignments.filter(
    (a) => !(a.tenantId === sp.tenantId && (a.principalId === sp.id || a.resourceId === sp.id)),
  );
}
