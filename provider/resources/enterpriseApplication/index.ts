import * as pulumi from "@pulumi/pulumi";

import { assertSecretsAreSecret } from "../../config/secretConfig";
import { createShimProvider } from "../../dynamic/shim";
import { ENTERPRISE_APPLICATION_TYPE, TYPE_MODULE } from "../../typeTokens";
import type { EnterpriseApplicationInputs } from "./schema";

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
export class EnterpriseApplication extends pulumi.dynamic.Resource {
  static readonly __pulumiType = ENTERPRISE_APPLICATION_TYPE;

  declare readonly tenantId: pulumi.Output<string>;
  declare readonly applicationId: pulumi.Output<string>;
  declare readonly objectId: pulumi.Output<string>;
  declare readonly originalObjectId: pulumi.Output<string>;
  declare readonly displayName: pulumi.Output<string>;
  declare readonly accountEnabled: pulumi.Output<boolean>;
  declare readonly status: pulumi.Output<"active" | "disabled">;
  declare readonly adopted: pulumi.Output<boolean>;
  declare readonly delegatedGrants: pulumi.Output<{ resourceId: string; scopes: string[] }[]>;
  declare readonly appRoleAssignments: pulumi.Output<{ resourceId: string; appRoleId: string }[]>;

  constructor(name: string, args: EnterpriseApplicationArgs, opts?: pulumi.CustomResourceOptions) {
    assertSecretsAreSecret();
    super(
      createShimProvider(ENTERPRISE_APPLICATION_TYPE),
      name,
      {
        ...args,
        objectId: undefined,
        originalObjectId: undefined,
        displayName: undefined,
        accountEnabled: undefined,
        status: undefined,
        adopted: undefined,
        delegatedGrants: undefined,
        appRoleAssignments: undefined,
      },
      opts,
      TYPE_MODULE,
      "EnterpriseApplication",
    );
  }
}
