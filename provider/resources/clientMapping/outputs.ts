import type { MicrosoftCspCustomer } from "../../contracts/rewst";
import { ProviderError } from "../../errors";
import type { ProviderSession } from "../../session/session";
import type { ClientMappingInputs, ClientMappingOutputs } from "./schema";

/** The pack config a mapping uses: its own, else the stack's rewst-csp:cspPackConfigId. */
export function packConfigId(inputs: ClientMappingInputs, session: ProviderSession): string {
  const id = inputs.cspPackConfigId ?? session.cspPackConfigId;
  if (!id) {
    throw new ProviderError(
      "CONFIG_INVALID",
      "cspPackConfigId is not set on the mapping and rewst-csp:cspPackConfigId is not configured",
    );
  }
  return id;
}

/** A mapping as the provider returns it, from the customer Rewst shows. */
export function toOutputs(
  inputs: ClientMappingInputs,
  cspPackConfigId: string,
  customer: MicrosoftCspCustomer,
): ClientMappingOutputs {
  return {
    ...inputs,
    cspPackConfigId,
    customerId: customer.id,
    companyName: customer.companyName,
    hasConsent: customer.hasConsent,
    linkedOrganizationIds: (customer.linkedOrganizations ?? []).map((o) => o.id),
    gdapRelationshipStatus: customer.gdapRelationshipStatus,
  };
}
