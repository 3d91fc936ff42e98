import type { ApplicationConsent } from "../../provider/contracts/partnerCenter";
import type { EmulatorContext } from "../context";
import { applicationExists, resourceApp } from "./catalog";
import type { GrantRecord, ServicePrincipalRecord } from "./model";
import { removeServicePrincipal } from "./mutations";

export type ConsentOutcome =
  | { ok: true }
  | { ok: false; reason: "customer-not-found" | "already-exists" | "not-found" }
  /** Refused as Entra refuses it: an app the tenant does not have, a scope it does not publish, too long a string. */
  | { ok: false; reason: "invalid-grant"; message: string };

/** Entra's limit on one grant's scope string (AADSTS650051 beyond). */
export const MAX_SCOPE_STRING = 8000;
/** Graph's documented limit for `scope` on grant POST/PATCH ("Must not exceed 3,850 characters"). */
export const MAX_GRANT_WRITE_SCOPE = 3850;

/** Why a requested grant cannot be consented, in the identity platform's words; undefined when it can. */
export function grantProblem(
  state: EmulatorContext["store"]["state"],
  tenantId: string,
  grant: { enterpriseApplicationId: string; scope: string },
): string | undefined {
  const resource = resourceApp(grant.enterpriseApplicationId);
  const inTenant = state.servicePrincipals.some(
    (sp) => sp.tenantId === tenantId && sp.appId === grant.enterpriseApplicationId.toLowerCase(),
  );
  if (!resource || !inTenant)
    return `AADSTS500011: The resource principal named ${grant.enterpriseApplicationId} was not found in the tenant named ${tenantId}.`;
  const scope = normalizeScopes(grant.scope);
  if (scope.length > MAX_SCOPE_STRING)
    return `AADSTS650051: The scope string for ${resource.displayName} is ${scope.length} characters; the limit is ${MAX_SCOPE_STRING}.`;
  const published = new Set(resource.scopes.map((s) => s.value.toLowerCase()));
  const unknown = scope.split(" ").filter((s) => !published.has(s.toLowerCase()));
  return unknown.length > 0
    ? `AADSTS650051: The scope '${unknown.join(" ")}' does not exist on the resource ${resource.displayName} (${resource.appId}).`
    : undefined;
}

/** Whether Graph still reads a grant back (a revoked one lingers briefly). */
export function grantReadable(ctx: EmulatorContext, grant: GrantRecord): boolean {
  const now = ctx.now().getTime();
  if (new Date(grant.visibleAfter).getTime() > now) return false;
  return (
    grant.deletedAt === null ||
    new Date(grant.deletedAt).getTime() + ctx.store.state.options.revocationLingerMs > now
  );
}

/** Scopes as Graph stores them: space-separated, from the comma/space separated consent request. */
export const normalizeScopes = (scope: string): string =>
  scope
    .split(/[\s,]+/)
    .filter(Boolean)
    .join(" ");

/**
 * CPV consent, as Partner Center performs it: the app's service principal is created in the customer
 * tenant if missing, with one AllPrincipals delegated grant per resource. New objects become visible
 * to Graph after the configured propagation delay. Conflicts are per (client, resource) pair: a
 * delegated grant already in place for a requested resource is "Permission entry already exists",
 * whatever its scopes (a consent cannot be updated, only removed and granted again).
 */
export function grantConsent(
  ctx: EmulatorContext,
  customerTenantId: string,
  consent: ApplicationConsent,
): ConsentOutcome {
  const state = ctx.store.state;
  const tenant = state.tenants.find((t) => t.id === customerTenantId.toLowerCase() && t.kind === "customer");
  if (!tenant) return { ok: false, reason: "customer-not-found" };
  if (state.options.refuseUnknownApplications && !applicationExists(state, consent.applicationId))
    return {
      ok: false,
      reason: "invalid-grant",
      message: `The application ${consent.applicationId} was not found: it does not reference a valid application object.`,
    };
  for (const grant of consent.applicationGrants) {
    const problem = grantProblem(state, tenant.id, grant);
    if (problem) return { ok: false, reason: "invalid-grant", message: problem };
  }
  const spOf = (appId: string) =>
    state.servicePrincipals.find((sp) => sp.tenantId === tenant.id && sp.appId === appId.toLowerCase());
  const existingClient = spOf(consent.applicationId);
  const conflict =
    existingClient !== undefined &&
    consent.applicationGrants.some((grant) => {
      const resource = spOf(grant.enterpriseApplicationId);
      return (
        resource !== undefined &&
        state.grants.some(
          (g) =>
            g.tenantId === tenant.id &&
            g.clientId === existingClient.id &&
            g.resourceId === resource.id &&
            g.consentType === "AllPrincipals" &&
            g.deletedAt === null,
        )
      );
    });
  if (conflict) return { ok: false, reason: "already-exists" };

  const now = ctx.now();
  const visibleAfter = new Date(now.getTime() + state.options.propagationDelayMs).toISOString();
  const ensureSp = (appId: string, displayName: string): ServicePrincipalRecord => {
    const existing = spOf(appId);
    if (existing) return existing;
    const sp: ServicePrincipalRecord = {
      id: ctx.newId(),
      tenantId: tenant.id,
      appId,
      displayName,
      appOwnerOrganizationId: null,
      accountEnabled: true,
      servicePrincipalType: "Application",
      createdDateTime: now.toISOString(),
      visibleAfter,
    };
    state.servicePrincipals.push(sp);
    return sp;
  };
  const client = ensureSp(consent.applicationId, consent.displayName ?? consent.applicationId);
  for (const grant of consent.applicationGrants) {
    const resource = ensureSp(
      grant.enterpriseApplicationId,
      resourceApp(grant.enterpriseApplicationId)?.displayName ?? grant.enterpriseApplicationId,
    );
    state.grants.push({
      id: ctx.newId(),
      tenantId: tenant.id,
      clientId: client.id,
      consentType: "AllPrincipals",
      principalId: null,
      resourceId: resource.id,
      scope: normalizeScopes(grant.scope),
      visibleAfter,
      deletedAt: null,
      previousScope: null,
      scopeVisibleAfter: null,
    });
  }
  state.consents = state.consents.filter(
    (c) => !(c.customerTenantId === tenant.id && c.applicationId === consent.applicationId),
  );
  state.consents.push({
    customerTenantId: tenant.id,
    applicationId: consent.applicationId,
    displayName: consent.displayName,
    grants: consent.applicationGrants,
    createdAt: now.toISOString(),
  });
  return { ok: true };
}

/** Removes a consent: its delegated grants go; the service principal stays unless configured otherwise. */
export function revokeConsent(
  ctx: EmulatorContext,
  customerTenantId: string,
  applicationId: string,
): ConsentOutcome {
  const state = ctx.store.state;
  customerTenantId = customerTenantId.toLowerCase();
  applicationId = applicationId.toLowerCase();
  if (!state.tenants.some((t) => t.id === customerTenantId && t.kind === "customer"))
    return { ok: false, reason: "customer-not-found" };
  const consent = state.consents.find(
    (c) => c.customerTenantId === customerTenantId && c.applicationId === applicationId,
  );
  const client = state.servicePrincipals.find(
    (sp) => sp.tenantId === customerTenantId && sp.appId === applicationId,
  );
  const live = (g: GrantRecord) =>
    g.tenantId === customerTenantId && g.clientId === client?.id && g.deletedAt === null;
  if (!consent && !state.grants.some(live)) return { ok: false, reason: "not-found" };
  state.consents = state.consents.filter((c) => c !== consent);
  // Revoked grants stay readable for a moment (replication), then go for good.
  const now = ctx.now().toISOString();
  for (const grant of state.grants.filter(live)) grant.deletedAt = now;
  state.grants = state.grants.filter((g) => g.deletedAt === null || grantReadable(ctx, g));
  if (client && state.options.consentRemovalDeletesServicePrincipal)
    removeServicePrincipal(ctx.store.state, client);
  return { ok: true };
}
