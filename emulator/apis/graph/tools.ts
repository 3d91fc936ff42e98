import type { EmulatorContext } from "../../context";
import type { EmulatorRequest, EmulatorResponse, Handler } from "../../http";
import type { EmulatorState, GrantRecord, ServicePrincipalRecord } from "../../state/model";
import { grantReadable } from "../../state/consents";
import { page } from "./odata";
import { type GuardedHandler, type Permission, guarded } from "./permissions";
import { toGrant } from "./views";

/** What every Graph route module works with: state reads as Graph sees them (replication included). */
export interface GraphTools {
  ctx: EmulatorContext;
  state: () => EmulatorState;
  guarded: (needed: Permission, handle: GuardedHandler) => Handler;
  page: (
    req: EmulatorRequest,
    items: Record<string, unknown>[],
    filterable: string[],
    maxTop?: number,
  ) => EmulatorResponse;
  /** Service principals of a tenant that have replicated. */
  spsOf: (tenantId: string) => ServicePrincipalRecord[];
  findSp: (tenantId: string, id: string) => ServicePrincipalRecord | undefined;
  /** Delegated grants of a tenant Graph shows now. */
  grantsOf: (tenantId: string) => GrantRecord[];
  toGrant: (grant: GrantRecord) => ReturnType<typeof toGrant>;
}

export function graphTools(ctx: EmulatorContext): GraphTools {
  const state = () => ctx.store.state;
  const visible = (o: { visibleAfter: string }) => new Date(o.visibleAfter).getTime() <= ctx.now().getTime();
  const spsOf = (tenantId: string) =>
    state().servicePrincipals.filter((sp) => sp.tenantId === tenantId && visible(sp));
  return {
    ctx,
    state,
    guarded: (needed, handle) => guarded(ctx, needed, handle),
    page: (req, items, filterable, maxTop) => page(ctx, req, items, filterable, maxTop),
    spsOf,
    findSp: (tenantId, id) => spsOf(tenantId).find((sp) => sp.id === id.toLowerCase()),
    grantsOf: (tenantId) =>
      state().grants.filter((grant) => grant.tenantId === tenantId && grantReadable(ctx, grant)),
    toGrant: (grant) => toGrant(ctx, grant),
  };
}
