import * as pulumi from "@pulumi/pulumi";

import { assertSecretsAreSecret } from "../../config/secretConfig";
import type { OutputProperties } from "../../dynamic/shim";
import clientMappingProvider from "../../dynamic/shims/clientMapping";
import { CLIENT_MAPPING_COMPUTED_KEYS, unknownOutputs } from "../../outputs";
import { CLIENT_MAPPING_TYPE, TYPE_MODULE } from "../../typeTokens";
import type { ClientMappingInputs, ClientMappingOutputs } from "./schema";

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
// The output properties come from the one declaration of the output shape (provider/outputs.ts).
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
export interface ClientMapping extends OutputProperties<ClientMappingOutputs> {}

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class ClientMapping extends pulumi.dynamic.Resource {
  static readonly __pulumiType = CLIENT_MAPPING_TYPE;

  constructor(name: string, args: ClientMappingArgs, opts?: pulumi.CustomResourceOptions) {
    assertSecretsAreSecret();
    super(
      clientMappingProvider,
      name,
      { ...args, ...unknownOutputs(CLIENT_MAPPING_COMPUTED_KEYS) },
      opts,
      TYPE_MODULE,
      "ClientMapping",
    );
  }
}
