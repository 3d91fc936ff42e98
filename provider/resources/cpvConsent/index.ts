import * as pulumi from "@pulumi/pulumi";

import { assertSecretsAreSecret } from "../../config/secretConfig";
import { createShimProvider } from "../../dynamic/shim";
import { CPV_CONSENT_TYPE, TYPE_MODULE } from "../../typeTokens";
import type { ConsentGrant } from "../../domain/grants";
import type { CpvConsentInputs } from "./schema";

/** Arguments of {@link CpvConsent}. */
export interface CpvConsentArgs {
  customerTenantId: pulumi.Input<string>;
  applicationId: pulumi.Input<string>;
  displayName: pulumi.Input<string>;
  grants: pulumi.Input<pulumi.Input<ConsentGrant>[]>;
  via?: pulumi.Input<CpvConsentInputs["via"]>;
  cspPackConfigId?: pulumi.Input<string>;
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
export class CpvConsent extends pulumi.dynamic.Resource {
  static readonly __pulumiType = CPV_CONSENT_TYPE;

  declare readonly customerTenantId: pulumi.Output<string>;
  declare readonly applicationId: pulumi.Output<string>;
  declare readonly displayName: pulumi.Output<string>;
  declare readonly grants: pulumi.Output<ConsentGrant[]>;
  declare readonly via: pulumi.Output<CpvConsentInputs["via"]>;
  declare readonly servicePrincipalObjectId: pulumi.Output<string>;
  declare readonly originalServicePrincipalObjectId: pulumi.Output<string>;
  declare readonly declaredGrants: pulumi.Output<ConsentGrant[]>;
  declare readonly staleServicePrincipals: pulumi.Output<
    { objectId: string; appId: string; displayName: string }[]
  >;
  declare readonly grantedScopes: pulumi.Output<Record<string, string[]>>;
  declare readonly gdapStatus: pulumi.Output<string | null>;
  declare readonly consentedAt: pulumi.Output<string>;
  declare readonly correlationId: pulumi.Output<string>;
  declare readonly status: pulumi.Output<"active" | "pending" | "missing" | "disabled">;

  constructor(name: string, args: CpvConsentArgs, opts?: pulumi.CustomResourceOptions) {
    assertSecretsAreSecret();
    super(
      createShimProvider(CPV_CONSENT_TYPE),
      name,
      {
        ...args,
        servicePrincipalObjectId: undefined,
        originalServicePrincipalObjectId: undefined,
        declaredGrants: undefined,
        staleServicePrincipals: undefined,
        grantedScopes: undefined,
        gdapStatus: undefined,
        consentedAt: undefined,
        correlationId: undefined,
        status: undefined,
      },
      // One consent per tenant and app: a replacement must remove the old one first.
      { deleteBeforeReplace: true, ...opts },
      TYPE_MODULE,
      "CpvConsent",
    );
  }
}
