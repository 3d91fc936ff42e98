/**
 * The program platform teams copy: the customers in the mappings file (`pulumi-rewst-csp:mappingsFile`,
 * reviewed in pull requests) become Rewst client mappings, CPV consents and enterprise applications.
 * An invalid file stops the program before any resource is declared, so nothing is applied.
 */
import * as path from "path";

import * as pulumi from "@pulumi/pulumi";

import { ClientMapping, CpvConsent, EnterpriseApplication } from "../provider";
import { MappingsFileError, loadMappings } from "../provider/mappings/load";

const config = new pulumi.Config();
// Relative to the project (Pulumi.yaml's folder), like every path in stack config.
const mappingsFile = path.resolve(__dirname, "..", config.get("mappingsFile") ?? "stacks/mappings.yaml");

function load() {
  try {
    return loadMappings(mappingsFile);
  } catch (error) {
    // RunError: the engine prints the message (every problem with its line) without a stack trace.
    if (error instanceof MappingsFileError) throw new pulumi.RunError(error.message);
    throw error;
  }
}
const mappings = load();

const apps = mappings.enterpriseApplications.map(
  (app) => new EnterpriseApplication(app.name, { tenantId: app.tenantId, applicationId: app.applicationId }),
);

const customers = mappings.customers.map((customer) => {
  const links = customer.organizations.map(
    (organizationId) =>
      new ClientMapping(`${customer.name}-${organizationId}`, {
        customerTenantId: customer.tenantId,
        organizationId,
      }),
  );
  const consent = customer.consent
    ? new CpvConsent(`${customer.name}-consent`, { customerTenantId: customer.tenantId, ...customer.consent })
    : undefined;
  return { customer, links, consent };
});

/** Per customer: what Rewst and the customer tenant show after this update. */
export const summary = pulumi.output(
  Object.fromEntries(
    customers.map(({ customer, links, consent }) => [
      customer.name,
      {
        tenantId: customer.tenantId,
        company: links[0]?.companyName ?? customer.companyName ?? "",
        organizations: customer.organizations,
        consent: consent?.status ?? "not managed",
        servicePrincipal: consent?.servicePrincipalObjectId ?? "",
      },
    ]),
  ),
);
export const counts = {
  customers: customers.length,
  mappings: customers.reduce((n, c) => n + c.links.length, 0),
  consents: customers.filter((c) => c.consent).length,
  enterpriseApplications: apps.length,
};
