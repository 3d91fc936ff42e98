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
import {
  CLIENT_MAPPING_TYPE,
  CPV_CONSENT_TYPE,
  ENTERPRISE_APPLICATION_TYPE,
  NATIVE_PACKAGE,
} from "../typeTokens";

/**
 * The same resource as the dynamic face declared it: each alias also under the dynamic type, so a
 * program switched to the native face takes over the dynamic face's state instead of planning a
 * replacement (`rewst-csp migrate-to-native` checks that it does, then applies it).
 */
export function withDynamicAliases<O extends pulumi.CustomResourceOptions>(
  dynamicType: string,
  opts: O | undefined,
): O {
  const given = opts?.aliases ?? [];
  // A URN string, an output or a promise names one exact resource: only alias specs are retyped.
  const isSpec = (alias: (typeof given)[number]): alias is pulumi.Alias =>
    typeof alias === "object" && !pulumi.Output.isInstance(alias) && !(alias instanceof Promise);
  const retyped = given.filter(isSpec).map((alias) => ({ ...alias, type: dynamicType }));
  return { ...opts, aliases: [...given, { type: dynamicType }, ...retyped] } as O;
}

/* eslint-disable @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type --
   the output properties come from the one declaration of each output shape (provider/outputs.ts) */

export interface NativeClientMapping extends OutputProperties<ClientMappingOutputs> {}
export class NativeClientMapping extends pulumi.CustomResource {
  constructor(name: string, args: ClientMappingArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      `${NATIVE_PACKAGE}:index:ClientMapping`,
      name,
      { ...args, ...unknownOutputs(CLIENT_MAPPING_COMPUTED_KEYS) },
      withDynamicAliases(CLIENT_MAPPING_TYPE, opts),
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
      withDynamicAliases(CPV_CONSENT_TYPE, opts),
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
      withDynamicAliases(ENTERPRISE_APPLICATION_TYPE, opts),
    );
  }
}
/* eslint-enable @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type */

/** The native face's classes, for `declareFromMappings(file, { face: "native" })` and the Fleet component. */
export const NATIVE_FACE = {
  ClientMapping: NativeClientMapping,
  CpvConsent: NativeCpvConsent,
  EnterpriseApplication: NativeEnterpriseApplication,
};
