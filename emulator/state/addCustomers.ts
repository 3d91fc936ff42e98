import { expandSeed } from "./expand";
import type { EmulatorState } from "./model";
import { generateSeed } from "./seed";

/**
 * Adds customers to a running world as the generated seed numbers them (the next numbers after the
 * CSP customers it holds): each tenant with its resource apps, the MSP app's consent, an active GDAP
 * relationship, a Rewst organization named like the company and the CSP customer Rewst lists
 * (unlinked, not consented). Returns the new tenant ids.
 */
export function addCustomers(state: EmulatorState, count: number): string[] {
  const held = state.rewst.cspCustomers.length;
  const grown = expandSeed(generateSeed({ customerCount: held + count, options: state.options }));
  const added = grown.rewst.cspCustomers.slice(held);
  const fresh = new Set(added.map((c) => c.tenantId));
  // A world seeded by hand may already use the generated ids: refuse rather than merge twice.
  const taken = state.tenants.filter((t) => fresh.has(t.id)).map((t) => t.id);
  if (taken.length > 0)
    throw new Error(`tenants ${taken.join(", ")} exist already; this world was not generated`);
  const inFresh = (tenantId: string) => fresh.has(tenantId);
  state.tenants.push(...grown.tenants.filter((t) => inFresh(t.id)));
  state.servicePrincipals.push(...grown.servicePrincipals.filter((sp) => inFresh(sp.tenantId)));
  state.grants.push(...grown.grants.filter((g) => inFresh(g.tenantId)));
  state.appRoleAssignments.push(...grown.appRoleAssignments.filter((a) => inFresh(a.tenantId)));
  state.gdapRelationships.push(...grown.gdapRelationships.filter((r) => inFresh(r.customerTenantId)));
  state.consents.push(...grown.consents.filter((c) => inFresh(c.customerTenantId)));
  const companies = new Set(added.map((c) => c.companyName));
  state.rewst.organizations.push(
    ...grown.rewst.organizations.filter((o) => !o.isMsp && companies.has(o.name)),
  );
  state.rewst.cspCustomers.push(...added);
  return [...fresh];
}
