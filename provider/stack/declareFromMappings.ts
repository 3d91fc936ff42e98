import * as pulumi from "@pulumi/pulumi";

import { projectPath } from "../config/projectPath";
import { ProviderError } from "../errors";
import { MappingsFileError, loadMappings } from "../mappings/load";
import { selectShard } from "../mappings/shards";
import { ClientMapping, type ClientMappingArgs } from "../resources/clientMapping";
import { CpvConsent, type CpvConsentArgs } from "../resources/cpvConsent";
import { EnterpriseApplication, type EnterpriseApplicationArgs } from "../resources/enterpriseApplication";
import { NATIVE_FACE } from "../native/resources";
import { declareExemptions } from "./exemptions";

/** Per customer, what Rewst and the customer tenant show after the update. */
export interface CustomerSummary {
  tenantId: string;
  company: string;
  organizations: string[];
  consent: string;
  servicePrincipal: string;
}

/**
 * The classes a program declares the resources with: the dynamic face's by default, the native
 * face's (`rewst-csp:index:*`, served by the rewst-csp plugin) with `face: "native"` and in the
 * plugin's Fleet component. Either face, the same resources.
 */
export interface ResourceFace {
  ClientMapping: new (
    name: string,
    args: ClientMappingArgs,
    opts?: pulumi.CustomResourceOptions,
  ) => pulumi.CustomResource & { companyName: pulumi.Output<string> };
  CpvConsent: new (
    name: string,
    args: CpvConsentArgs,
    opts?: pulumi.CustomResourceOptions,
  ) => pulumi.CustomResource & {
    status: pulumi.Output<string>;
    servicePrincipalObjectId: pulumi.Output<string>;
  };
  EnterpriseApplication: new (
    name: string,
    args: EnterpriseApplicationArgs,
    opts?: pulumi.CustomResourceOptions,
  ) => pulumi.CustomResource;
}

const FACES: Readonly<Record<"dynamic" | "native", ResourceFace>> = {
  dynamic: { ClientMapping, CpvConsent, EnterpriseApplication },
  native: NATIVE_FACE,
};

/**
 * Declares the resources a mappings file describes: a ClientMapping per organization
 * (`org-<orgId>`: an organization belongs to one customer, so moving it to another is a
 * replacement that unlinks it first), a CpvConsent per customer consent (`consent-<tenantId>`) and
 * each EnterpriseApplication. An invalid file stops the program before any resource is declared.
 *
 * A file with `shards: [fleet-00, fleet-01, …]` splits the fleet: each stack, named after a shard,
 * declares only its customers (pinned with `shard:`, otherwise picked by a stable hash of the
 * tenant id) and manages the enterprise applications of its shard (default: the first), reading
 * the others. A stack not listed fails before anything is declared.
 *
 * @param mappingsFile path of the YAML file; relative paths start at the project (Pulumi.yaml's folder).
 * @param options.face "native" declares the resources through the rewst-csp plugin (its path in
 *   Pulumi.yaml's `plugins.providers`); a stack of the dynamic face moves over with
 *   `rewst-csp migrate-to-native`.
 * @example
 * // stacks/index.ts
 * export const { summary, counts } = declareFromMappings(new pulumi.Config().get("mappingsFile") ?? "stacks/mappings.yaml");
 */
export function declareFromMappings(
  mappingsFile: string,
  { face: faceName = "dynamic", parent }: { face?: "dynamic" | "native"; parent?: pulumi.Resource } = {},
) {
  const face = FACES[faceName];
  const under = parent ? { parent } : {};
  let mappings;
  try {
    mappings = loadMappings(projectPath(mappingsFile));
  } catch (error) {
    // RunError: the engine prints the message (every problem with its line) without a stack trace.
    if (error instanceof MappingsFileError) throw new pulumi.RunError(error.message);
    throw error;
  }

  let selection;
  try {
    selection = selectShard(mappings, pulumi.getStack(), mappingsFile);
  } catch (error) {
    if (error instanceof ProviderError) throw new pulumi.RunError(error.message);
    throw error;
  }
  // Every resource records the file and stack that declared it, so a delete can tell a customer
  // removed from the file (offboarded) from one still declared there, in this shard or another, or
  // under another name (forgotten, never revoked).
  const shardOrigin = { mappingsFile, shard: selection.shard ?? pulumi.getStack() };

  const apps = [
    ...selection.managedApplications.map((app) => ({
      name: app.name,
      resource: new face.EnterpriseApplication(
        app.name,
        { tenantId: app.tenantId, applicationId: app.applicationId, shardOrigin },
        under,
      ),
    })),
    // Managed by another shard: read here (never created or deleted), so this stack's policies see it.
    ...selection.readApplications.map((app) => ({
      name: app.name,
      resource: new face.EnterpriseApplication(
        app.name,
        { tenantId: app.tenantId, applicationId: app.applicationId },
        { id: `${app.tenantId}/${app.applicationId}`, ...under },
      ),
    })),
  ];
  const customers = selection.customers.map((customer) => {
    const links = customer.organizations.map(
      (organizationId) =>
        new face.ClientMapping(
          `org-${organizationId}`,
          { customerTenantId: customer.tenantId, organizationId, shardOrigin },
          // Stacks made by earlier releases named mappings by customer and organization.
          { aliases: [{ name: `${customer.name}-${organizationId}` }], ...under },
        ),
    );
    // The consent depends on the customer's links: created after them, and on offboarding removed
    // (with its principal) before they are unlinked. It is named by tenant, so renaming the customer
    // changes nothing; stacks of earlier releases named it after the customer.
    const consent = customer.consent
      ? new face.CpvConsent(
          `consent-${customer.tenantId}`,
          { customerTenantId: customer.tenantId, ...customer.consent, shardOrigin },
          { dependsOn: links, aliases: [{ name: `${customer.name}-consent` }], ...under },
        )
      : undefined;
    return { customer, links, consent };
  });
  const resourcesByName = new Map<string, pulumi.Resource[]>([
    ...apps.map(({ name, resource }): [string, pulumi.Resource[]] => [name, [resource]]),
    ...customers.map(({ customer, links, consent }): [string, pulumi.Resource[]] => [
      customer.name,
      [...links, ...(consent ? [consent] : [])],
    ]),
  ]);
  declareExemptions(mappings.exemptions, resourcesByName, under);

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
    /** This stack's shard and how many the file lists (absent when the file is not sharded). */
    ...(selection.shard ? { shard: selection.shard, shards: selection.shards.length } : {}),
  };
  return { summary, counts };
}
