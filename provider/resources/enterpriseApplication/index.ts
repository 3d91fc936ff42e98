import * as pulumi from "@pulumi/pulumi";

import { assertSecretsAreSecret } from "../../config/secretConfig";
import type { OutputProperties } from "../../dynamic/shim";
import enterpriseApplicationProvider from "../../dynamic/shims/enterpriseApplication";
import { ENTERPRISE_APPLICATION_COMPUTED_KEYS, unknownOutputs } from "../../outputs";
import { ENTERPRISE_APPLICATION_TYPE, TYPE_MODULE } from "../../typeTokens";
import type { EnterpriseApplicationInputs, EnterpriseApplicationOutputs } from "./schema";

/** Arguments of {@link EnterpriseApplication}. */
export type EnterpriseApplicationArgs = {
  [K in keyof EnterpriseApplicationInputs]: pulumi.Input<EnterpriseApplicationInputs[K]>;
};

/**
 * Ensures an application's service principal ("enterprise application") exists in a tenant, e.g.
 * Rewst Prod in the partner tenant. An existing one is adopted (`adopted: true`) and left in place
 * on delete; one this resource created is deleted with it.
 *
 * @example
 * new EnterpriseApplication("rewst-prod", { tenantId: partnerTenantId, applicationId: "06bfda05-…" });
 */
// The output properties come from the one declaration of the output shape (provider/outputs.ts).
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
export interface EnterpriseApplication extends OutputProperties<EnterpriseApplicationOutputs> {}

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class EnterpriseApplication extends pulumi.dynamic.Resource {
  static readonly __pulumiType = ENTERPRISE_APPLICATION_TYPE;

  constructor(name: string, args: EnterpriseApplicationArgs, opts?: pulumi.CustomResourceOptions) {
    assertSecretsAreSecret();
    super(
      enterpriseApplicationProvider,
      name,
      { ...args, ...unknownOutputs(ENTERPRISE_APPLICATION_COMPUTED_KEYS) },
      opts,
      TYPE_MODULE,
      "EnterpriseApplication",
    );
  }
}
