import { z } from "zod";

import type { EmulatorContext } from "./context";
import { type FaultRule, type RequestLogEntry, faultRuleSchema } from "./http";
import { addCustomers } from "./state/addCustomers";
import { removeServicePrincipal } from "./state/mutations";
import { resourceApp } from "./state/catalog";
import { normalizeScopes } from "./state/consents";
import { type Seed, seedSchema } from "./state/seed";

/** Out-of-band changes an administrator (or a bug) makes, for drift tests. */
export const driftSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("deleteServicePrincipal"), tenantId: z.string(), appId: z.string() }),
  z.object({ kind: z.literal("recreateServicePrincipal"), tenantId: z.string(), appId: z.string() }),
  z.object({ kind: z.literal("disableServicePrincipal"), tenantId: z.string(), appId: z.string() }),
  z.object({ kind: z.literal("enableServicePrincipal"), tenantId: z.string(), appId: z.string() }),
  /** A leftover principal, e.g. from an earlier integration registered under another app id. */
  z.object({
    kind: z.literal("addServicePrincipal"),
    tenantId: z.string(),
    appId: z.string(),
    displayName: z.string(),
    /** A managed identity named like an app has no application object behind it. */
    servicePrincipalType: z.enum(["Application", "ManagedIdentity"]).optional(),
  }),
  z.object({
    kind: z.literal("editGrantScopes"),
    tenantId: z.string(),
    clientAppId: z.string(),
    resourceAppId: z.string(),
    scope: z.string(),
  }),
  /** An admin removes every delegated grant of the app (its principal stays). */
  z.object({ kind: z.literal("deleteGrants"), tenantId: z.string(), clientAppId: z.string() }),
  z.object({ kind: z.literal("unlinkMapping"), tenantId: z.string(), orgId: z.string() }),
  /** The customer renames its company: Partner Center's company name and Rewst's copy of it. */
  z.object({ kind: z.literal("renameCompany"), tenantId: z.string(), companyName: z.string() }),
  /** An admin assigns (add) or removes (remove) an app role of a resource to the app's principal. */
  z.object({
    kind: z.literal("editAppRole"),
    change: z.enum(["add", "remove"]),
    tenantId: z.string(),
    clientAppId: z.string(),
    resourceAppId: z.string(),
    /** The role's value, e.g. Directory.Read.All. */
    role: z.string(),
    /** An added assignment is listed only this long after (Graph's lists replicate late). */
    listedAfterMs: z.number().int().min(0).optional(),
  }),
]);
export type Drift = z.infer<typeof driftSchema>;

/** In-process control of a running emulator (tests, benchmarks); also served under /_emulator. */
export class EmulatorControl {
  faults: (FaultRule & { hits: number })[] = [];
  /** Called after customers were added (the command rewrites the file `init --emulator` reads). */
  onCustomersAdded?: () => void;

  constructor(
    private readonly ctx: EmulatorContext,
    /** Every served request (and subscription operation), oldest first. */
    readonly requestLog: RequestLogEntry[] = [],
  ) {}

  reset(seed?: Seed): void {
    this.ctx.store.reset(seed === undefined ? undefined : seedSchema.parse(seed));
    this.requestLog.length = 0;
    this.faults = [];
  }

  exportState() {
    return structuredClone(this.ctx.store.state);
  }

  setFaults(rules: FaultRule[]): void {
    this.faults = rules.map((rule) => ({ ...faultRuleSchema.parse(rule), hits: 0 }));
  }

  /** The fault (if any) that hits this request of a route, counted as a hit. */
  takeFault(routeName: string): FaultRule | undefined {
    const fault = this.faults.find(
      (f) =>
        new RegExp(f.route).test(routeName) &&
        (f.times === undefined || f.hits < f.times) &&
        Math.random() < f.probability,
    );
    if (fault) fault.hits += 1;
    return fault;
  }

  /** Applies an out-of-band change; throws when its target does not exist. */
  drift(change: Drift): void {
    const state = this.ctx.store.state;
    const findSp = (tenantId: string, appId: string) => {
      const sp = state.servicePrincipals.find((s) => s.tenantId === tenantId && s.appId === appId);
      if (!sp) throw new Error(`no service principal of app ${appId} in tenant ${tenantId}`);
      return sp;
    };
    switch (change.kind) {
      case "deleteServicePrincipal":
        removeServicePrincipal(this.ctx.store.state, findSp(change.tenantId, change.appId));
        break;
      case "recreateServicePrincipal": {
        const sp = findSp(change.tenantId, change.appId);
        const oldId = sp.id;
        sp.id = this.ctx.newId();
        sp.createdDateTime = this.ctx.now().toISOString();
        // The integration was removed and consented again: same grants, held by the new object.
        for (const g of state.grants.filter((g) => g.tenantId === sp.tenantId)) {
          if (g.clientId === oldId) g.clientId = sp.id;
          if (g.resourceId === oldId) g.resourceId = sp.id;
        }
        for (const a of state.appRoleAssignments.filter((a) => a.tenantId === sp.tenantId)) {
          if (a.principalId === oldId) a.principalId = sp.id;
          if (a.resourceId === oldId) a.resourceId = sp.id;
        }
        break;
      }
      case "addServicePrincipal": {
        const now = this.ctx.now().toISOString();
        state.servicePrincipals.push({
          id: this.ctx.newId(),
          tenantId: change.tenantId,
          appId: change.appId,
          displayName: change.displayName,
          appOwnerOrganizationId: null,
          accountEnabled: true,
          servicePrincipalType: change.servicePrincipalType ?? "Application",
          createdDateTime: now,
          visibleAfter: now,
        });
        break;
      }
      case "renameCompany": {
        const tenant = state.tenants.find((t) => t.id === change.tenantId);
        if (!tenant) throw new Error(`no tenant ${change.tenantId}`);
        tenant.displayName = change.companyName;
        for (const c of state.rewst.cspCustomers.filter((c) => c.tenantId === change.tenantId))
          c.companyName = change.companyName;
        break;
      }
      case "disableServicePrincipal":
        findSp(change.tenantId, change.appId).accountEnabled = false;
        break;
      case "enableServicePrincipal":
        findSp(change.tenantId, change.appId).accountEnabled = true;
        break;
      case "editGrantScopes": {
        const client = findSp(change.tenantId, change.clientAppId);
        const resource = findSp(change.tenantId, change.resourceAppId);
        const grant = state.grants.find(
          (g) => g.tenantId === change.tenantId && g.clientId === client.id && g.resourceId === resource.id,
        );
        if (!grant)
          throw new Error(
            `no grant of ${change.clientAppId} on ${change.resourceAppId} in tenant ${change.tenantId}`,
          );
        grant.scope = normalizeScopes(change.scope);
        break;
      }
      case "editAppRole": {
        const client = findSp(change.tenantId, change.clientAppId);
        const resource = findSp(change.tenantId, change.resourceAppId);
        const role = resourceApp(change.resourceAppId)?.appRoles.find((r) => r.value === change.role);
        if (!role) throw new Error(`${change.resourceAppId} publishes no app role ${change.role}`);
        const held = (a: { tenantId: string; principalId: string; resourceId: string; appRoleId: string }) =>
          a.tenantId === change.tenantId &&
          a.principalId === client.id &&
          a.resourceId === resource.id &&
          a.appRoleId === role.id;
        if (change.change === "remove") {
          if (!state.appRoleAssignments.some(held)) throw new Error(`${change.role} is not assigned`);
          state.appRoleAssignments = state.appRoleAssignments.filter((a) => !held(a));
        } else {
          state.appRoleAssignments.push({
            id: this.ctx.newId(),
            tenantId: change.tenantId,
            principalId: client.id,
            resourceId: resource.id,
            appRoleId: role.id,
            createdDateTime: this.ctx.now().toISOString(),
            listedFrom: new Date(this.ctx.now().getTime() + (change.listedAfterMs ?? 0)).toISOString(),
          });
        }
        break;
      }
      case "deleteGrants": {
        const client = findSp(change.tenantId, change.clientAppId);
        state.grants = state.grants.filter(
          (g) => !(g.tenantId === change.tenantId && g.clientId === client.id),
        );
        break;
      }
      case "unlinkMapping": {
        const customer = state.rewst.cspCustomers.find((c) => c.tenantId === change.tenantId);
        if (!customer) throw new Error(`no Rewst CSP customer for tenant ${change.tenantId}`);
        customer.linkedOrganizationIds = customer.linkedOrganizationIds.filter((id) => id !== change.orgId);
        break;
      }
    }
    this.ctx.store.save();
  }

  /** Adds the next generated customers to the running world; returns their tenant ids. */
  addCustomers(count: number): string[] {
    const tenantIds = addCustomers(this.ctx.store.state, count);
    this.ctx.store.save();
    this.onCustomersAdded?.();
    return tenantIds;
  }
}
