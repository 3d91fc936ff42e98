import * as pulumi from "@pulumi/pulumi";

import { EVERY_CUSTOMER, type Exemption, type RecordedExemption } from "../domain/exemptions";
import { EXEMPTIONS_TYPE } from "../typeTokens";

/** What a recorded exemption holds before the URNs resolve. */
type PendingExemption = Omit<RecordedExemption, "urns"> & { urns: pulumi.Input<string>[] };

/**
 * Records the exemptions that concern this stack as the outputs of one component, which the pack's
 * policies read (`exemptionsOutputsSchema`). Its inputs are empty, so an exemption added, renewed
 * or removed changes no step of the plan: only the pack's verdict.
 */
export class PolicyExemptions extends pulumi.ComponentResource {
  constructor(name: string, exemptions: PendingExemption[], opts?: pulumi.ComponentResourceOptions) {
    super(EXEMPTIONS_TYPE, name, {}, opts);
    this.registerOutputs({
      exemptions: exemptions.map((exemption) => ({ ...exemption, urns: pulumi.all(exemption.urns) })),
    });
  }
}

/**
 * The file's exemptions this stack declares resources for, each with the URNs of the resources of
 * the customer or application it names (a customer of another shard is not this stack's concern).
 * Undefined when none concerns it: no component is declared.
 */
export function declareExemptions(
  exemptions: readonly Exemption[],
  resourcesByName: ReadonlyMap<string, readonly pulumi.Resource[]>,
  opts?: pulumi.ComponentResourceOptions,
): PolicyExemptions | undefined {
  const concerned = exemptions.flatMap((exemption, index) => {
    if (exemption.customer === EVERY_CUSTOMER) return [{ ...exemption, index, urns: [] }];
    const resources = resourcesByName.get(exemption.customer);
    return resources ? [{ ...exemption, index, urns: resources.map((resource) => resource.urn) }] : [];
  });
  return concerned.length > 0 ? new PolicyExemptions("policy-exemptions", concerned, opts) : undefined;
}
