import { type ConsentGrant, delegatedPart, normalizeGrants } from "../domain/grants";
import { observeConsent } from "../tenant/observation";
import type { MappingsFileInput } from "../mappings/schema";
import { nameFromCompany } from "../mappings/names";
import type { MicrosoftServices } from "../session/services";
import type { RewstClient } from "../clients/rewstClient";

export interface ImportOptions {
  connectorAppId: string;
  connectorDisplayName: string;
  via: "partnerCenter" | "rewst";
  cspPackConfigId: string;
  /** Adopt this app's service principal in the partner tenant when present (Rewst Prod). */
  rewstProdAppId?: string;
  /** Customers observed at once (each costs a few Graph calls in its tenant). */
  concurrency?: number;
  progress?: (line: string) => void;
}

export interface ImportResult {
  file: MappingsFileInput;
  /** What a reviewer should know, one line per customer (includes every unobserved tenant). */
  warnings: string[];
  /** Tenants that could not be observed: the file does not describe their consent. */
  unobserved: string[];
}

const grantsKey = (grants: ConsentGrant[]) => JSON.stringify(normalizeGrants(grants));

/**
 * Reads what exists today — Partner Center customers, Rewst's mappings, and the connector's consent
 * as Graph shows it in each customer tenant — and describes it as a mappings file, so that the next
 * `pulumi up` adopts everything and writes nothing. Only reads.
 */
export async function importMappings(
  microsoft: MicrosoftServices,
  rewst: RewstClient,
  options: ImportOptions,
): Promise<ImportResult> {
  const progress = options.progress ?? (() => undefined);
  const [pcCustomers, rewstCustomers] = await Promise.all([
    microsoft.partnerCenter.listCustomers(),
    rewst.customers(options.cspPackConfigId),
  ]);
  const byTenant = new Map<string, { company: string; organizations: string[]; rewstHasConsent?: boolean }>();
  for (const c of pcCustomers) {
    byTenant.set(c.companyProfile.tenantId.toLowerCase(), {
      company: c.companyProfile.companyName,
      organizations: [],
    });
  }
  for (const c of rewstCustomers) {
    const entry = byTenant.get(c.tenantId.toLowerCase()) ?? { company: c.companyName, organizations: [] };
    entry.organizations = (c.linkedOrganizations ?? []).map((o) => o.id);
    entry.rewstHasConsent = c.hasConsent;
    byTenant.set(c.tenantId.toLowerCase(), entry);
  }
  const tenants = [...byTenant.keys()].sort((a, b) =>
    byTenant.get(a)!.company.localeCompare(byTenant.get(b)!.company),
  );
  progress(
    `found ${tenants.length} customers (${pcCustomers.length} in Partner Center, ${rewstCustomers.length} in Rewst)`,
  );

  const consents = new Map<string, ConsentGrant[]>();
  const warnings: string[] = [];
  const unobserved: string[] = [];
  let done = 0;
  const step = Math.max(1, Math.ceil(tenants.length / 20));
  const queue = [...tenants];
  const worker = async () => {
    for (let tenant = queue.shift(); tenant !== undefined; tenant = queue.shift()) {
      try {
        const observed = await observeConsent(microsoft, tenant, options.connectorAppId);
        // A consent is its delegated grants; app roles beside them are imported with them.
        if (observed.servicePrincipalObjectId && delegatedPart(observed.grants).length > 0) {
          consents.set(tenant, observed.grants);
        } else if (byTenant.get(tenant)!.rewstHasConsent) {
          // Rewst remembers pressing the shield, but the tenant shows no connector: deleted or never done.
          warnings.push(
            `${byTenant.get(tenant)!.company} (${tenant}): Rewst shows consent, but ${options.connectorDisplayName} has no service principal with grants there; consent left out (declare it to consent again)`,
          );
        }
      } catch (error) {
        unobserved.push(tenant);
        warnings.push(
          `${byTenant.get(tenant)!.company} (${tenant}): consent not imported, the tenant cannot be observed: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      done++;
      if (done % step === 0 || done === tenants.length) {
        progress(
          `[${done}/${tenants.length}] observed ${consents.size} consents of ${options.connectorDisplayName}`,
        );
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 8, tenants.length) }, worker));

  // The most common grant set becomes the default profile; others get profiles of their own.
  const profiles = new Map<string, { name: string; grants: ConsentGrant[]; count: number }>();
  for (const grants of consents.values()) {
    const key = grantsKey(grants);
    const profile = profiles.get(key) ?? { name: "", grants, count: 0 };
    profile.count++;
    profiles.set(key, profile);
  }
  [...profiles.values()]
    .sort((a, b) => b.count - a.count)
    .forEach((p, i) => (p.name = i === 0 ? "connector" : `connector-${i + 1}`));

  const taken = new Set<string>();
  const customers: MappingsFileInput["customers"] = tenants.map((tenant) => {
    const { company, organizations } = byTenant.get(tenant)!;
    const grants = consents.get(tenant);
    const profile = grants ? profiles.get(grantsKey(grants))!.name : undefined;
    return {
      name: nameFromCompany(company, taken),
      tenantId: tenant,
      companyName: company,
      organizations,
      ...(profile === undefined ? {} : { consent: profile === "connector" ? {} : { grantProfile: profile } }),
    };
  });

  const enterpriseApplications: MappingsFileInput["enterpriseApplications"] = [];
  if (options.rewstProdAppId) {
    const sp = await microsoft
      .graph(microsoft.config.partnerTenantId)
      .servicePrincipalByAppId(options.rewstProdAppId);
    if (sp) {
      enterpriseApplications.push({
        name: "rewst-prod",
        tenantId: microsoft.config.partnerTenantId,
        applicationId: options.rewstProdAppId,
      });
    }
  }

  return {
    warnings,
    unobserved,
    file: {
      consentDefaults: {
        applicationId: options.connectorAppId,
        displayName: options.connectorDisplayName,
        via: options.via,
        ...(profiles.size > 0 ? { grantProfile: "connector" } : {}),
      },
      grantProfiles: Object.fromEntries(
        [...profiles.values()].map((p) => [p.name, normalizeGrantsForFile(p.grants)]),
      ),
      enterpriseApplications,
      customers,
    },
  };
}

/**
 * Grants as observed, sorted for a stable file (case kept). App roles are kept: a file without them
 * would have the next `up` remove the roles the tenant holds.
 */
function normalizeGrantsForFile(grants: ConsentGrant[]): ConsentGrant[] {
  return [...grants]
    .map((g) => ({
      enterpriseApplicationId: g.enterpriseApplicationId,
      scopes: [...g.scopes].sort(),
      ...(g.appRoles?.length ? { appRoles: [...g.appRoles].sort() } : {}),
    }))
    .sort((a, b) => a.enterpriseApplicationId.localeCompare(b.enterpriseApplicationId));
}
