/**
 * The resource classes of the native face: the dynamic classes' arguments and outputs, registered
 * by their schema tokens for the `rewst-csp` plugin (a program or the Fleet component uses them).
 */
import * as pulumi from "@pulumi/pulumi";

import type { OutputProperties } from "../dynamic/shim";
import {
  CLIENT_MAPPING_COMPUTED_KEYS,
  CPV_CONSENT_COMPUTED_KEYS,
  ENTERPRISE_APPLICATION_COMPUTED_KEYS,
  unknownOutputs,
} from "../outputs";
import type { ClientMappingArgs } from "../resources/clientMapping";
import type { ClientMappingOutputs } from "../resources/clientMapping/schema";
import type { CpvConsentArgs } from "../resources/cpvConsent";
import type { CpvConsentOutputs } from "../resources/cpvConsent/schema";
import type { EnterpriseApplicationArgs } from "../resources/enterpriseApplication";
import type { EnterpriseApplicationOutputs } from "../resources/enterpriseApplication/schema";
import { NATIVE_PACKAGE } from "../typeTokens";

/* eslint-disable @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type --
   the output properties come from the one declaration of each output shape (provider/outputs.ts) */

export interface NativeClientMapping extends OutputProperties<ClientMappingOutputs> {}
export class NativeClientMapping extends pulumi.CustomResource {
  constructor(name: string, args: ClientMappingArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      `${NATIVE_PACKAGE}:index:ClientMapping`,
      name,
      { ...args, ...unknownOutputs(CLIENT_MAPPING_COMPUTED_KEYS) },
      opts,
    );
  }
}

export interface NativeCpvConsent extends OutputProperties<CpvConsentOutputs> {}
export class NativeCpvConsent extends pulumi.CustomResource {
  constructor(name: string, args: CpvConsentArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      `${NATIVE_PACKAGE}:index:CpvConsent`,
      name,
      { ...args, ...unknownOutputs(CPV_CONSENT_COMPUTED_KEYS) },
      opts,
    );
  }
}

export interface NativeEnterpriseApplication extends OutputProperties<EnterpriseApplicationOutputs> {}
export class NativeEnterpriseApplication extends pulumi.CustomResource {
  constructor(name: string, args: EnterpriseApplicationArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      `${NATIVE_PACKAGE}:index:EnterpriseApplication`,
      name,
      { ...args, ...unknownOutputs(ENTERPRISE_APPLICATION_COMPUTED_KEYS) },
      opts,
    );
  }
}
/* eslint-enable @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type */
