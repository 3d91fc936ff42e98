import { ConfidentialClientApplication } from "@azure/msal-node";

import { ProviderError } from "../errors";
import { translateTokenError } from "./aadsts";
import { type TransportFailures, createNetworkClient, offlineAuthorityOptions } from "./networkClient";

export interface MicrosoftAuthSettings {
  partnerTenantId: string;
  partnerAppId: string;
  partnerAppSecret: string;
  partnerRefreshToken: string;
  /** e.g. https://login.microsoftonline.com, a sovereign cloud, or the emulator. */
  authorityHost: string;
  /** Extra CA (PEM) to trust. */
  ca?: string;
}

const SKEW_MS = 5 * 60_000;

/**
 * Tokens for the secure application model, through msal-node:
 * `delegated(tenant, audience)`: the partner user's refresh token against that tenant's authority
 *   (partner tenant, or a customer through GDAP);
 * Tokens are cached per tenant + audience; a rotated refresh token replaces the configured one in
 * memory only (`rewst-csp rotate-token` is what stores a renewed one).
 *
 * Refresh-token redemptions run in parallel while that works (Entra keeps a redeemed token valid).
 * Where redeeming revokes the token presented (rotation with revocation), the parallel requests
 * that presented the old token fail with invalid_grant: each is retried once with the newest token,
 * and from then on this process redeems one at a time.
 */
export class MicrosoftTokens {
  private refreshToken: string;
  private readonly cache = new Map<string, { token: string; expiresAt: number }>();
  private readonly pending = new Map<string, Promise<string>>();
  private readonly app: ConfidentialClientApplication;
  /** Set once a redemption failed because another one rotated the token: redeem one at a time. */
  private serial = false;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly redeeming = new Set<Promise<unknown>>();
  private readonly transport: TransportFailures = {};

  constructor(private readonly settings: MicrosoftAuthSettings) {
    this.refreshToken = settings.partnerRefreshToken;
    const host = settings.authorityHost.replace(/\/+$/, "");
    this.app = new ConfidentialClientApplication({
      auth: {
        clientId: settings.partnerAppId,
        clientSecret: settings.partnerAppSecret,
        authority: `${host}/${settings.partnerTenantId}`,
        // Endpoints from templates: no instance or OpenID discovery traffic, any cloud or the emulator.
        ...offlineAuthorityOptions(host),
      },
      system: {
        networkClient: createNetworkClient({
          ca: settings.ca,
          failures: this.transport,
          setting: "rewst-csp:authorityHost",
        }),
      },
    });
  }

  delegated(tenantId: string, audience: string): Promise<string> {
    return this.cached(`delegated|${tenantId}|${audience}`, () => this.redeem(tenantId, audience), tenantId);
  }

  /** The refresh token this process holds now (the configured one, or its rotation). */
  currentRefreshToken(): string {
    return this.refreshToken;
  }

  private async redeem(tenantId: string, audience: string): Promise<{ token: string; expiresAt: number }> {
    const once = async () => {
      const presented = this.refreshToken;
      const attempt = this.redeemWith(presented, tenantId, audience);
      this.redeeming.add(attempt);
      try {
        return await attempt;
      } catch (error) {
        // Did another redemption rotate the token meanwhile? Judge after all in flight settle.
        await Promise.allSettled([...this.redeeming].filter((p) => p !== attempt));
        if (!isInvalidGrant(error) || this.refreshToken === presented) throw error;
        this.serial = true;
        return undefined;
      } finally {
        this.redeeming.delete(attempt);
      }
    };
    const first = this.serial ? await this.oneAtATime(once) : await once();
    return first ?? (await this.oneAtATime(() => this.redeemWith(this.refreshToken, tenantId, audience)));
  }

  private oneAtATime<T>(run: () => Promise<T>): Promise<T> {
    const next = this.queue.then(run, run);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async redeemWith(refreshToken: string, tenantId: string, audience: string) {
    const host = this.settings.authorityHost.replace(/\/+$/, "");
    const result = await this.app.acquireTokenByRefreshToken({
      refreshToken,
      scopes: [`${audience}/.default`],
      authority: `${host}/${tenantId}`,
      forceCache: true,
    });
    if (!result) throw new ProviderError("AUTH_FAILED", "the identity platform returned no token");
    this.adoptRotatedRefreshToken();
    return { token: result.accessToken, expiresAt: result.expiresOn?.getTime() ?? Date.now() + 3_000_000 };
  }

  private async cached(
    key: string,
    acquire: () => Promise<{ token: string; expiresAt: number }>,
    tenantId: string,
  ): Promise<string> {
    const hit = this.cache.get(key);
    if (hit && hit.expiresAt - SKEW_MS > Date.now()) return hit.token;
    const inFlight = this.pending.get(key);
    if (inFlight) return inFlight;
    const request = acquire()
      .then((fresh) => {
        this.cache.set(key, fresh);
        return fresh.token;
      })
      .catch((error: unknown) => {
        throw this.transport.unreachable ?? translateTokenError(error, this.settings.partnerAppId, tenantId);
      })
      .finally(() => this.pending.delete(key));
    this.pending.set(key, request);
    return request;
  }

  private adoptRotatedRefreshToken(): void {
    const cache = JSON.parse(this.app.getTokenCache().serialize()) as {
      RefreshToken?: Record<string, { secret?: string }>;
    };
    const rotated = Object.values(cache.RefreshToken ?? {})
      .map((entry) => entry.secret)
      .find((secret): secret is string => Boolean(secret));
    if (rotated) this.refreshToken = rotated;
  }
}

/** invalid_grant for a token that was revoked or replaced (AADSTS50173, 70008), not a bad request. */
function isInvalidGrant(error: unknown): boolean {
  const text =
    error instanceof Error ? `${error.message} ${(error as { errorCode?: string }).errorCode ?? ""}` : "";
  return /invalid_grant/.test(text) && /AADSTS(50173|70008|70043)\b/.test(text);
}
