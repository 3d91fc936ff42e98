import * as pulumi from "@pulumi/pulumi";

import { assertSecretsAreSecret } from "../../config/secretConfig";
import { createShimProvider } from "../../dynamic/shim";
import { CLIENT_MAPPING_TYPE, TYPE_MODULE } from "../../typeTokens";
import type { ClientMappingInputs } from "./schema";

/** Arguments of {@link ClientMapping}. */
export type ClientMappingArgs = { [K in keyof ClientMappingInputs]: pulumi.Input<ClientMappingInputs[K]> };

/**
 * Links a CSP customer tenant to a Rewst organization (Rewst's "client mapping").
 *
 * Create refuses to link an organization that is already linked to another customer; read treats
 * the mapping as gone when the customer no longer lists the organization; delete unlinks only this
 * organization.
 *
 * @example
 * new ClientMapping("contoso", { customerTenantId: "…", organizationId: "…" });
 */
export class ClientMapping extends pulumi.dynamic.Resource {
  static readonly __pulumiType = CLIENT_MAPPING_TYPE;

  declare readonly customerTenantId: pulumi.Output<string>;
  declare readonly organizationId: pulumi.Output<string>;
  declare readonly cspPackConfigId: pulumi.Output<string>;
  /** Rewst's id of the CSP customer. */
  declare readonly customerId: pulumi.Output<string>;
  declare readonly companyName: pulumi.Output<string>;
  declare readonly hasConsent: pulumi.Output<boolean>;
  declare readonly linkedOrganizationIds: pulumi.Output<string[]>;
  declare readonly gdapRelationshipStatus: pulumi.Output<string | null>;

  constructor(name: string, args: ClientMappingArgs, opts?: pulumi.CustomResourceOptions) {
    assertSecretsAreSecret();
    super(
      createShimProvider(CLIENT_MAPPING_TYPE),
      name,
      {
        ...args,
        customerId: undefined,
        companyName: undefined,
        hasConsent: undefined,
        linkedOrganizationIds: undefined,
        gdapRelationshipStatus: undefined,
      },
      opts,
      TYPE_MODULE,
      "ClientMapping",
    );
  }
}
