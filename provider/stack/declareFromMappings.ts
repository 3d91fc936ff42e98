import * as pulumi from "@pulumi/pulumi";

import { projectPath } from "../config/projectPath";
import { MappingsFileError, loadMappings } from "../mappings/load";
import { ClientMapping } from "../resources/clientMapping";
import { CpvConsent } from "../resources/cpvConsent";
import { EnterpriseApplication } from "../resources/enterpriseApplication";

/** Per customer, what Rewst and the customer tenant show after the update. */
export interface CustomerSummary {
  tenantId: string;
  company: string;
  organizations: string[];
  consent: string;
  servicePrincipal: string;
}

/**
 * Declares the resources a mappings file describes: a ClientMapping per organization
 * (`org-<orgId>`: an organization belongs to one customer, so moving it to another is a
 * replacement that unlinks it first), a CpvConsent per customer consent (`<customer>-consent`) and
 * each EnterpriseApplication. An invalid file stops the program before any resource is declared.
 *
 * @param mappingsFile path of the YAML file; relative paths start at the project (Pulumi.yaml's folder).
 * @example
 * // stacks/index.ts
 * export const { summary, counts } = declareFromMappings(new pulumi.Config().get("mappingsFile") ?? "stacks/mappings.yaml");
 */
export function declareFromMappings(mappingsFile: string) {
  let mappings;
  try {
    mappings = loadMappings(projectPath(mappingsFile));
  } catch (error) {
    // RunError: the engine prints the message (every problem with its line) without a stack trace.
    if (error instanceof MappingsFileError) throw new pulumi.RunError(error.message);
    throw error;
  }

  const apps = mappings.enterpriseApplications.map(
    (app) =>
      new EnterpriseApplication(app.name, { tenantId: app.tenantId, applicationId: app.applicationId }),
  );
  const customers = mappings.customers.map((customer) => {
    const links = customer.organizations.map(
      (organizationId) =>
        new ClientMapping(
          `org-${organizationId}`,
          { customerTenantId: customer.tenantId, organizationId },
          // Stacks made by earlier releases named mappings by customer and organization.
          { aliases: [{ name: `${customer.name}-${organizationId}` }] },
        ),
    );
    const consent = customer.consent
      ? new CpvConsent(`${customer.name}-consent`, {
          customerTenantId: customer.tenantId,
          ...customer.consent,
        })
      : undefined;
    return { customer, links, consent };
  });

  const summary: pulumi.Output<Record<string, CustomerSummary>> = pulumi.output(
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
  const counts = {
    customers: customers.length,
    mappings: customers.reduce((n, c) => n + c.links.length, 0),
    consents: customers.filter((c) => c.consent).length,
    enterpriseApplications: apps.length,
  };
  return { summary, counts };
}
