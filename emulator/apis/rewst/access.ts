import type * as http from "http";

import type { EmulatorContext } from "../../context";
import { type Caller, RewstError } from "./types";

/** The Rewst user a session cookie or API bearer token belongs to. */
export function caller(
  ctx: EmulatorContext,
  headers: http.IncomingHttpHeaders,
  connectionParams?: Record<string, unknown>,
): Caller | undefined {
  const cookieName = ctx.store.state.options.rewstCookieName;
  const cookies = (headers.cookie ?? "").split(";").map((c) => c.trim().split("="));
  const cookie = cookies.find(([name]) => name === cookieName)?.[1];
  const authHeader = headers.authorization ?? (connectionParams?.authorization as string | undefined);
  const bearer = authHeader?.startsWith("Bearer ") ? authHeader.slice(7) : undefined;
  return ctx.store.state.rewst.credentials.find(
    (c) => (c.kind === "cookie" && c.value === cookie) || (c.kind === "bearer" && c.value === bearer),
  );
}

/** A pack config the caller's organization manages; anything else is "Not Authorized", as Rewst answers. */
export const packConfig = (ctx: EmulatorContext, who: Caller, id: string) => {
  const config = ctx.store.state.rewst.packConfigs.find((p) => p.id === id);
  // Rewst answers scoping problems with "Not Authorized" rather than "not found".
  if (!config || config.orgId !== who.orgId)
    throw new RewstError(`Not Authorized: pack config ${id} is not managed by your organization`);
  return config;
};
