import { randomUUID } from "crypto";

import { AUDIENCES, type TokenError } from "../../provider/contracts/identity";
import { type EmulatorContext, findTenant } from "../context";
import type { EmulatorRequest, EmulatorResponse, Router } from "../http";
import { resourceApp } from "../state/catalog";
import type { Tenant } from "../state/model";

const OIDC_SCOPES = new Set(["openid", "profile", "offline_access", "email"]);
const RESOURCE_APP_IDS: Record<string, string> = {
  [AUDIENCES.graph]: "00000003-0000-0000-c000-000000000000",
  [AUDIENCES.partnerCenter]: "fa3d9a0c-3fb0-42cc-9193-47c7ecd2edbd",
};

function tokenError(
  ctx: EmulatorContext,
  status: number,
  error: TokenError["error"],
  code: number,
  message: string,
): EmulatorResponse {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  const timestamp = ctx
    .now()
    .toISOString()
    .replace("T", " ")
    .replace(/\.\d+Z$/, "Z");
  const body: TokenError = {
    error,
    error_description: `AADSTS${code}: ${message} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
    error_codes: [code],
    timestamp,
    trace_id: traceId,
    correlation_id: correlationId,
  };
  return { status, body };
}

/** The single resource a scope list asks for (e.g. https://graph.microsoft.com/.default). */
function requestedResource(scope: string): { audience?: string; error?: string } {
  const resources = new Set(
    scope
      .split(/\s+/)
      .filter((s) => s && !OIDC_SCOPES.has(s))
      .map((s) => {
        const match = /^(https:\/\/[^/]+)\/.+$/.exec(s);
        return match ? match[1] : s;
      }),
  );
  if (resources.size === 0) return { error: "none" };
  if (resources.size > 1) return { error: "many" };
  return { audience: [...resources][0] };
}

function delegatedScopes(
  ctx: EmulatorContext,
  tenant: Tenant,
  clientSpId: string,
  resourceAppId: string,
): string[] {
  const state = ctx.store.state;
  const resourceSp = state.servicePrincipals.find(
    (sp) => sp.tenantId === tenant.id && sp.appId === resourceAppId,
  );
  if (!resourceSp) return [];
  return state.grants
    .filter((g) => g.tenantId === tenant.id && g.clientId === clientSpId && g.resourceId === resourceSp.id)
    .flatMap((g) => g.scope.split(/\s+/).filter(Boolean));
}

function appRoles(ctx: EmulatorContext, tenant: Tenant, clientSpId: string, resourceAppId: string): string[] {
  const state = ctx.store.state;
  const resourceSp = state.servicePrincipals.find(
    (sp) => sp.tenantId === tenant.id && sp.appId === resourceAppId,
  );
  const catalog = resourceApp(resourceAppId);
  if (!resourceSp || !catalog) return [];
  return state.appRoleAssignments
    .filter((a) => a.tenantId === tenant.id && a.principalId === clientSpId && a.resourceId === resourceSp.id)
    .map((a) => catalog.appRoles.find((r) => r.id === a.appRoleId)?.value)
    .filter((v): v is string => Boolean(v));
}

/** POST /{tenant}/oauth2/v2.0/token, openid-configuration and keys. */
export function registerIdentity(router: Router, ctx: EmulatorContext): void {
  const issuer = (tenantId: string) => `${ctx.baseUrl()}/${tenantId}/v2.0`;

  router.add(
    "identity.openid-configuration",
    "GET",
    /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/,
    (req, [tenantKey]) => {
      const tenant = findTenant(ctx, tenantKey);
      const tid = tenant?.id ?? "{tenantid}";
      req.tenant = tenant?.id;
      const base = `${ctx.baseUrl()}/${tenantKey}`;
      return {
        status: 200,
        body: {
          token_endpoint: `${base}/oauth2/v2.0/token`,
          authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
          jwks_uri: `${base}/discovery/v2.0/keys`,
          issuer: issuer(tid),
          token_endpoint_auth_methods_supported: [
            "client_secret_post",
            "private_key_jwt",
            "client_secret_basic",
          ],
          response_modes_supported: ["query", "fragment", "form_post"],
          subject_types_supported: ["pairwise"],
          id_token_signing_alg_values_supported: ["RS256"],
          scopes_supported: ["openid", "profile", "email", "offline_access"],
          tenant_region_scope: "NA",
          cloud_instance_name: "emulator",
          msgraph_host: new URL(ctx.baseUrl()).host,
        },
      };
    },
  );

  router.add("identity.keys", "GET", /^\/([^/]+)\/discovery\/(?:v2\.0\/)?keys$/, () => ({
    status: 200,
    body: ctx.signer.jwks(),
  }));

  router.add("identity.token", "POST", /^\/([^/]+)\/oauth2\/v2\.0\/token$/, (req, [tenantKey]) =>
    token(req, tenantKey),
  );

  const tenantNotFound = (tenantKey: string) =>
    tokenError(
      ctx,
      400,
      "invalid_request",
      90002,
      `Tenant '${tenantKey}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
    );

  function token(req: EmulatorRequest, tenantKey: string): EmulatorResponse {
    // msal sends many extra fields (x-client-*, claims, client_info...); only these matter.
    const form = new URLSearchParams(req.body);
    const grantType = form.get("grant_type");
    const clientId = form.get("client_id") ?? "";
    const clientSecret = form.get("client_secret");
    const scope = form.get("scope") ?? "";
    const state = ctx.store.state;

    if (grantType !== "client_credentials" && grantType !== "refresh_token") {
      return tokenError(
        ctx,
        400,
        "unsupported_grant_type",
        70003,
        `The app requested an unsupported grant type '${grantType ?? ""}'.`,
      );
    }
    const isCommon = ["common", "organizations", "consumers"].includes(tenantKey.toLowerCase());
    if (isCommon && grantType === "client_credentials") {
      return tokenError(
        ctx,
        400,
        "invalid_request",
        50059,
        "No tenant-identifying information found in either the request or implied by any provided credentials.",
      );
    }
    const app = state.apps.find((a) => a.appId === clientId);
    if (!app) {
      return tokenError(
        ctx,
        400,
        "unauthorized_client",
        700016,
        `Application with identifier '${clientId}' was not found in the directory '${tenantKey}'.`,
      );
    }
    if (!clientSecret || !app.secrets.includes(clientSecret)) {
      return tokenError(
        ctx,
        401,
        "invalid_client",
        7000215,
        `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
      );
    }

    const resource = requestedResource(scope);
    if (resource.error === "many") {
      return tokenError(
        ctx,
        400,
        "invalid_scope",
        28000,
        "Provided value for the input parameter scope is not valid because it contains more than one resource.",
      );
    }
    const resourceAppId = resource.audience ? RESOURCE_APP_IDS[resource.audience] : undefined;
    if (!resource.audience || !resourceAppId) {
      return tokenError(
        ctx,
        400,
        "invalid_resource",
        500011,
        `The resource principal named ${resource.audience ?? scope} was not found in the tenant named ${tenantKey}.`,
      );
    }

    let userId: string | undefined;
    let tenant: Tenant | undefined;
    let rotated: string | undefined;
    let mfa = false;
    if (grantType === "refresh_token") {
      const presented = state.refreshTokens.find((t) => t.token === form.get("refresh_token"));
      if (!presented || presented.clientId !== clientId) {
        return tokenError(
          ctx,
          400,
          "invalid_grant",
          9002313,
          "Invalid request. Request is malformed or invalid.",
        );
      }
      if (presented.revoked) {
        return tokenError(
          ctx,
          400,
          "invalid_grant",
          50173,
          "The provided grant has expired due to it being revoked, a fresh auth token is needed.",
        );
      }
      if (new Date(presented.expiresAt).getTime() <= ctx.now().getTime()) {
        return tokenError(
          ctx,
          400,
          "invalid_grant",
          700082,
          `The refresh token has expired due to inactivity. The token was issued on ${presented.expiresAt} and was inactive for 90.00:00:00.`,
        );
      }
      const user = state.users.find((u) => u.id === presented.userId)!;
      userId = user.id;
      tenant = isCommon ? state.tenants.find((t) => t.id === user.tenantId) : findTenant(ctx, tenantKey);
      if (!tenant) return tenantNotFound(tenantKey);
      if (tenant.id !== user.tenantId) {
        // A partner user reaches a customer tenant only through an active GDAP relationship.
        const gdap = state.gdapRelationships.some(
          (r) => r.customerTenantId === tenant!.id && r.status === "active",
        );
        if (!gdap) {
          return tokenError(
            ctx,
            400,
            "invalid_grant",
            50020,
            `User account '${user.userPrincipalName}' from identity provider 'https://sts.windows.net/${user.tenantId}/' does not exist in tenant '${tenant.displayName}' and cannot access the application '${clientId}'(${app.displayName}) in that tenant. The account needs to be added as an external user in the tenant first.`,
          );
        }
      }
      mfa = presented.mfa;
      rotated = `rt-${ctx.newId()}`;
      state.refreshTokens.push({
        token: rotated,
        clientId,
        userId: user.id,
        mfa: presented.mfa,
        expiresAt: new Date(
          ctx.now().getTime() + state.options.refreshTokenLifetimeDays * 86400_000,
        ).toISOString(),
        revoked: false,
      });
      if (state.options.revokeRotatedRefreshTokens) presented.revoked = true;
    } else {
      tenant = findTenant(ctx, tenantKey);
      if (!tenant) return tenantNotFound(tenantKey);
    }
    req.tenant = tenant.id;

    const clientSp = state.servicePrincipals.find(
      (sp) =>
        sp.tenantId === tenant.id &&
        sp.appId === clientId &&
        new Date(sp.visibleAfter).getTime() <= ctx.now().getTime(),
    );
    if (!clientSp) {
      return tokenError(
        ctx,
        400,
        "invalid_grant",
        65001,
        `The user or administrator has not consented to use the application with ID '${clientId}' named '${app.displayName}'. Send an interactive authorization request for this user and resource.`,
      );
    }
    if (resource.audience === AUDIENCES.partnerCenter && tenant.kind !== "partner") {
      return tokenError(
        ctx,
        400,
        "invalid_resource",
        500011,
        `The resource principal named ${resource.audience} was not found in the tenant named ${tenant.displayName}.`,
      );
    }

    const nowSeconds = Math.floor(ctx.now().getTime() / 1000);
    const lifetime = state.options.accessTokenLifetimeSeconds;
    const claims: Record<string, unknown> = {
      aud: resource.audience,
      iss: `https://sts.windows.net/${tenant.id}/`,
      tid: tenant.id,
      appid: clientId,
      iat: nowSeconds,
      nbf: nowSeconds,
      exp: nowSeconds + lifetime,
      ver: "1.0",
    };
    if (userId) {
      const user = state.users.find((u) => u.id === userId)!;
      claims.oid = user.id;
      claims.upn = user.userPrincipalName;
      claims.amr = mfa ? ["pwd", "mfa"] : ["pwd"];
      claims.scp = delegatedScopes(ctx, tenant, clientSp.id, resourceAppId).join(" ");
      if (!claims.scp) {
        return tokenError(
          ctx,
          400,
          "invalid_grant",
          65001,
          `The user or administrator has not consented to use the application with ID '${clientId}' named '${app.displayName}' for ${resource.audience}.`,
        );
      }
    } else {
      claims.roles = appRoles(ctx, tenant, clientSp.id, resourceAppId);
    }

    const body: Record<string, unknown> = {
      token_type: "Bearer",
      scope:
        grantType === "refresh_token"
          ? `${resource.audience}/.default openid profile offline_access`
          : `${resource.audience}/.default`,
      expires_in: lifetime,
      ext_expires_in: lifetime,
      access_token: ctx.signer.sign(claims),
    };
    if (userId) {
      const user = state.users.find((u) => u.id === userId)!;
      body.refresh_token = rotated;
      body.id_token = ctx.signer.sign({
        aud: clientId,
        iss: issuer(tenant.id),
        tid: tenant.id,
        oid: user.id,
        sub: user.id,
        preferred_username: user.userPrincipalName,
        name: user.displayName,
        iat: nowSeconds,
        nbf: nowSeconds,
        exp: nowSeconds + lifetime,
        ver: "2.0",
      });
      body.client_info = Buffer.from(JSON.stringify({ uid: user.id, utid: user.tenantId })).toString(
        "base64url",
      );
    }
    return { status: 200, body };
  }
}
