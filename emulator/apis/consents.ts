import type { ApplicationConsent } from "../../provider/contracts/partnerCenter";
import type { EmulatorContext } from "../context";
import { resourceApp } from "../state/catalog";
import type { ServicePrincipalRecord } from "../state/model";
import { removeServicePrincipal } from "./graph";

export type ConsentOutcome =
  { ok: true } | { ok: false; reason: "customer-not-found" | "already-exists" | "not-found" };

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
  const tenant = state.tenants.find((t) => t.id === customerTenantId && t.kind === "customer");
  if (!tenant) return { ok: false, reason: "customer-not-found" };
  const spOf = (appId: string) =>
    state.servicePrincipals.find((sp) => sp.tenantId === tenant.id && sp.appId === appId);
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
            g.consentType === "AllPrincipals",
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
  if (!state.tenants.some((t) => t.id === customerTenantId && t.kind === "customer"))
    return { ok: false, reason: "customer-not-found" };
  const consent = state.consents.find(
    (c) => c.customerTenantId === customerTenantId && c.applicationId === applicationId,
  );
  const client = state.servicePrincipals.find(
    (sp) => sp.tenantId === customerTenantId && sp.appId === applicationId,
  );
  const hasGrants =
    client !== undefined &&
    state.grants.some((g) => g.tenantId === customerTenantId && g.clientId === client.id);
  if (!consent && !hasGrants) return { ok: false, reason: "not-found" };
  state.consents = state.consents.filter((c) => c !== consent);
  if (client) {
    state.grants = state.grants.filter((g) => !(g.tenantId === customerTenantId && g.clientId === client.id));
    if (state.options.consentRemovalDeletesServicePrincipal) removeServicePrincipal(ctx, client);
  }
  return { ok: true };
}
