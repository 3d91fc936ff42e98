import { sameId } from "../../domain/identifiers";
import { ProviderError } from "../../errors";
import type { ProviderSession } from "../../session/session";
import { packConfigId, toOutputs } from "./outputs";
import type { StoredClientMapping } from "./schema";

/** What an import knows before its read: the ids it was given. */
export const NOT_READ: StoredClientMapping = {
  customerTenantId: "",
  organizationId: "",
  cspPackConfigId: "",
  customerId: "",
  companyName: "",
  hasConsent: false,
  linkedOrganizationIds: [],
  gdapRelationshipStatus: null,
};

/** An import: the link of the organization to the customer of that tenant, as Rewst shows it. */
export async function importMapping(stored: StoredClientMapping, session: ProviderSession) {
  const inputs = { customerTenantId: stored.customerTenantId, organizationId: stored.organizationId };
  const pack = packConfigId(inputs, session);
  const customers = await session.rewst.customersForReads(pack);
  const customer = customers.find((c) => sameId(c.tenantId, inputs.customerTenantId));
  if (!customer || !(customer.linkedOrganizations ?? []).some((o) => sameId(o.id, inputs.organizationId)))
    throw new ProviderError(
      "IMPORT_NOT_FOUND",
      `Rewst shows no link of organization ${inputs.organizationId} to the customer of tenant ${inputs.customerTenantId}: nothing to import`,
    );
  return { id: `${customer.id}/${inputs.organizationId}`, props: toOutputs(inputs, pack, customer), inputs };
}
