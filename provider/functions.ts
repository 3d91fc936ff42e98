import * as pulumi from "@pulumi/pulumi";

import type { ConfigLookup } from "./config/configSource";
import type { ServicePrincipal } from "./contracts/graph";
import type { PcCustomer } from "./contracts/partnerCenter";
import type { GdapRelationshipView } from "./tenant/gdapListing";
import { providerSession } from "./session/session";

/** Every customer of the partner in Partner Center (all pages). */
export function fetchPartnerCenterCustomers(lookup: ConfigLookup): Promise<PcCustomer[]> {
  return providerSession(lookup).microsoft.partnerCenter.listCustomers();
}

/** The service principals of an app in a tenant (none, one, or — rarely — a stale duplicate). */
export async function fetchServicePrincipalsByAppId(
  lookup: ConfigLookup,
  tenantId: string,
  appId: string,
): Promise<ServicePrincipal[]> {
  const sp = await providerSession(lookup).microsoft.graph(tenantId).servicePrincipalByAppId(appId);
  return sp ? [sp] : [];
}

/** The partner's GDAP relationships with a customer (or all customers), with their access assignments. */
export function fetchGdapRelationships(
  lookup: ConfigLookup,
  customerTenantId?: string,
): Promise<GdapRelationshipView[]> {
  return providerSession(lookup).microsoft.gdap.view(customerTenantId);
}

/** Stack config of the running program (secrets decrypted in memory, never exported). */
const programConfig: ConfigLookup = (key) => pulumi.runtime.allConfig()[key];

/**
 * Lists the partner's Partner Center customers, for programs that declare one mapping per customer.
 * Uses the provider settings of the stack (rewst-csp:*).
 *
 * @example
 * const customers = listPartnerCenterCustomers();
 * export const customerCount = customers.apply((c) => c.length);
 */
export function listPartnerCenterCustomers(): pulumi.Output<PcCustomer[]> {
  return pulumi.output(fetchPartnerCenterCustomers(programConfig));
}

/**
 * Reads the service principals of an application in a tenant, e.g. to check "Rewst Prod" exists.
 *
 * @example
 * const rewstProd = getServicePrincipalsByAppId(partnerTenantId, "06bfda05-2d5e-4b3b-ac5d-79f07e402973");
 */
export function getServicePrincipalsByAppId(
  tenantId: string,
  appId: string,
): pulumi.Output<ServicePrincipal[]> {
  return pulumi.output(fetchServicePrincipalsByAppId(programConfig, tenantId, appId));
}

/**
 * Reads the partner's GDAP relationships with a customer (or with all customers) and their access
 * assignments, read-only: which partner group holds which roles, until when, and whether it extends.
 *
 * @example
 * export const gdap = getGdapRelationships(customerTenantId).apply((rs) => rs.map((r) => [r.status, r.endDateTime]));
 */
export function getGdapRelationships(customerTenantId?: string): pulumi.Output<GdapRelationshipView[]> {
  return pulumi.output(fetchGdapRelationships(programConfig, customerTenantId));
}
