import { randomUUID } from "crypto";

import { type AccessTokenClaims, accessTokenClaimsSchema } from "../provider/contracts/identity";
import type { EmulatorRequest, EmulatorResponse } from "./http";
import { bearerToken } from "./http";
import type { TokenSigner } from "./jwt";
import type { Tenant } from "./state/model";
import type { EmulatorStore } from "./state/store";

/** What every API module of the emulator shares. */
export interface EmulatorContext {
  store: EmulatorStore;
  signer: TokenSigner;
  /** `https://127.0.0.1:<port>` once listening. */
  baseUrl(): string;
  now(): Date;
  newId(): string;
  /** Records an operation that does not go through the HTTP handler (e.g. a WebSocket subscription). */
  logOperation(entry: {
    method: string;
    path: string;
    route: string;
    tenant: string | null;
    status: number;
  }): void;
  /** A status fault injected into one request of a Graph JSON batch (set once the control exists). */
  subrequestFault(route: string): EmulatorResponse | undefined;
}

export function createContext(
  store: EmulatorStore,
  signer: TokenSigner,
  baseUrl: () => string,
  logOperation: EmulatorContext["logOperation"] = () => undefined,
): EmulatorContext {
  return {
    store,
    signer,
    baseUrl,
    now: () => new Date(),
    newId: () => randomUUID(),
    logOperation,
    subrequestFault: () => undefined,
  };
}

/** Finds a tenant by id or by its default domain (case-insensitive). */
export function findTenant(ctx: EmulatorContext, idOrDomain: string): Tenant | undefined {
  const key = idOrDomain.toLowerCase();
  return ctx.store.state.tenants.find((t) => t.id === key || t.defaultDomain.toLowerCase() === key);
}

export type TokenCheck =
  { ok: true; claims: AccessTokenClaims } | { ok: false; status: 401 | 403; code: string; message: string };

/** Validates a bearer token's signature, expiry and audience. */
export function checkAccessToken(ctx: EmulatorContext, req: EmulatorRequest, audience: string): TokenCheck {
  const token = bearerToken(req);
  if (!token)
    return { ok: false, status: 401, code: "InvalidAuthenticationToken", message: "Access token is empty." };
  const parsed = accessTokenClaimsSchema.safeParse(ctx.signer.verify(token));
  if (!parsed.success) {
    return {
      ok: false,
      status: 401,
      code: "InvalidAuthenticationToken",
      message: "Access token validation failure. Invalid signature or format.",
    };
  }
  const claims = parsed.data;
  if (claims.exp * 1000 <= ctx.now().getTime()) {
    return {
      ok: false,
      status: 401,
      code: "InvalidAuthenticationToken",
      message: "Lifetime validation failed, the token is expired.",
    };
  }
  if (claims.aud !== audience) {
    return {
      ok: false,
      status: 401,
      code: "InvalidAuthenticationToken",
      message: `Access token validation failure. Invalid audience: the token is for '${claims.aud}', this API is '${audience}'.`,
    };
  }
  return { ok: true, claims };
}
