import * as pulumi from "@pulumi/pulumi";

import { assertSecretsAreSecret } from "../../config/secretConfig";
import type { OutputProperties } from "../../dynamic/shim";
import cpvConsentProvider from "../../dynamic/shims/cpvConsent";
import { CPV_CONSENT_COMPUTED_KEYS, unknownOutputs } from "../../outputs";
import { CPV_CONSENT_TYPE, TYPE_MODULE } from "../../typeTokens";
import type { ConsentGrantInput } from "../../domain/grants";
import type { ShardOrigin } from "../../mappings/handover";
import type { CpvConsentInputs, CpvConsentOutputs } from "./schema";

/** Arguments of {@link CpvConsent}. */
export interface CpvConsentArgs {
  customerTenantId: pulumi.Input<string>;
  applicationId: pulumi.Input<string>;
  displayName: pulumi.Input<string>;
  grants: pulumi.Input<pulumi.Input<ConsentGrantInput>[]>;
  via?: pulumi.Input<CpvConsentInputs["via"]>;
  cspPackConfigId?: pulumi.Input<string>;
  /** Set by declareFromMappings in a sharded fleet (see {@link ShardOrigin}). */
  shardOrigin?: pulumi.Input<ShardOrigin>;
  /** Removing the consent leaves the app's service principal in the tenant (default: deleted). */
  keepServicePrincipal?: pulumi.Input<boolean>;
}

/**
 * CPV consent of an application in a customer tenant, through Partner Center (the MSP's own app,
 * secure application model) or through Rewst's consent request (its CSP Connector).
 *
 * An existing consent is adopted, never duplicated. Grant changes (declared or drifted) are made in
 * place through Graph, so the tenant never loses the consent; only a new tenant or app replaces it,
 * and a principal deleted out of band is consented again. Refresh observes the service principal and delegated grants
 * through Microsoft Graph with a GDAP token, so deletions and scope edits show as drift.
 *
 * @example
 * new CpvConsent("contoso-connector", {
 *   customerTenantId: "…",
 *   applicationId: "9359814a-7403-4af9-9113-d5c8cab020ed",
 *   displayName: "Rewst CSP Connector",
 *   grants: [{ enterpriseApplicationId: "00000003-0000-0000-c000-000000000000", scopes: ["Directory.Read.All"] }],
 * });
 */
// The output properties come from the one declaration of the output shape (provider/outputs.ts).
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
export interface CpvConsent extends OutputProperties<CpvConsentOutputs> {}

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class CpvConsent extends pulumi.dynamic.Resource {
  static readonly __pulumiType = CPV_CONSENT_TYPE;

  constructor(name: string, args: CpvConsentArgs, opts?: pulumi.CustomResourceOptions) {
    assertSecretsAreSecret();
    super(
      cpvConsentProvider,
      name,
      { ...args, ...unknownOutputs(CPV_CONSENT_COMPUTED_KEYS) },
      // One consent per tenant and app: a replacement must remove the old one first.
      { deleteBeforeReplace: true, ...opts },
      TYPE_MODULE,
      "CpvConsent",
    );
  }
}
