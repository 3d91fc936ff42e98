import type { EmulatorContext } from "../../context";
import { findTenant } from "../../context";
import type { EmulatorResponse } from "../../http";
import type { Tenant } from "../../state/model";
import { tenantNotFound, tokenError } from "./errors";

export interface Redemption {
  tenant: Tenant;
  userId: string;
  mfa: boolean;
  /** The new refresh token (the presented one is revoked when rotation revokes). */
  rotated: string;
}

/**
 * Redeems a partner user's refresh token for a tenant: known, not revoked, not expired, and (in a
 * customer tenant) backed by an active GDAP relationship.
 */
export function redeemRefreshToken(
  ctx: EmulatorContext,
  request: {
    refreshToken: string | null;
    clientId: string;
    tenantKey: string;
    isCommon: boolean;
    appDisplayName: string;
  },
): Redemption | EmulatorResponse {
  const { clientId, tenantKey, isCommon } = request;
  const state = ctx.store.state;
  const presented = state.refreshTokens.find((t) => t.token === request.refreshToken);
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
  const tenant = isCommon ? state.tenants.find((t) => t.id === user.tenantId) : findTenant(ctx, tenantKey);
  if (!tenant) return tenantNotFound(ctx, tenantKey);
  if (tenant.id !== user.tenantId) {
    // A partner user reaches a customer tenant only through an active GDAP relationship.
    const gdap = state.gdapRelationships.some(
      (r) => r.customerTenantId === tenant.id && r.status === "active",
    );
    if (!gdap) {
      return tokenError(
        ctx,
        400,
        "invalid_grant",
        50020,
        `User account '${user.userPrincipalName}' from identity provider 'https://sts.windows.net/${user.tenantId}/' does not exist in tenant '${tenant.displayName}' and cannot access the application '${clientId}'(${request.appDisplayName}) in that tenant. The account needs to be added as an external user in the tenant first.`,
      );
    }
  }
  const rotated = `rt-${ctx.newId()}`;
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
  return { tenant, userId: user.id, mfa: presented.mfa, rotated };
}
