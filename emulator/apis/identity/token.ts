import { AUDIENCES } from "../../../provider/contracts/identity";
import { type EmulatorContext, findTenant } from "../../context";
import type { EmulatorRequest, EmulatorResponse } from "../../http";
import type { Tenant } from "../../state/model";
import { tenantNotFound, tokenError } from "./errors";
import { redeemRefreshToken } from "./refreshToken";
import { RESOURCE_APP_IDS, appRoles, delegatedScopes, requestedResource } from "./scopes";

export const issuer = (ctx: EmulatorContext, tenantId: string) => `${ctx.baseUrl()}/${tenantId}/v2.0`;

/** The v2.0 token endpoint: client credentials and refresh tokens, with AADSTS errors as documented. */
export function token(ctx: EmulatorContext, req: EmulatorRequest, tenantKey: string): EmulatorResponse {
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
    const redeemed = redeemRefreshToken(ctx, {
      refreshToken: form.get("refresh_token"),
      clientId,
      tenantKey,
      isCommon,
      appDisplayName: app.displayName,
    });
    if ("status" in redeemed) return redeemed;
    ({ tenant, userId, mfa, rotated } = redeemed);
  } else {
    tenant = findTenant(ctx, tenantKey);
    if (!tenant) return tenantNotFound(ctx, tenantKey);
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
      iss: issuer(ctx, tenant.id),
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
