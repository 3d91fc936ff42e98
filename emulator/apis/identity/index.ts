import { type EmulatorContext, findTenant } from "../../context";
import type { Router } from "../../http";
import { issuer, token } from "./token";

/** The Microsoft identity platform: OpenID discovery, signing keys and the v2.0 token endpoint. */
export function registerIdentity(router: Router, ctx: EmulatorContext): void {
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
          issuer: issuer(ctx, tid),
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
    token(ctx, req, tenantKey),
  );
}
