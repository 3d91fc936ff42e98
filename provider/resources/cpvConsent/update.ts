import { z } from "zod";

import { ProviderError, causeOf } from "../../errors";
import { shardOriginSchema } from "../../mappings/handover";
import type { ProviderSession } from "../../session/session";
import { stateOnlyInputs, withStateOnlyInputs } from "../common";
import { appRolesDiffer, delegatedMatch } from "../../domain/grants";
import { awaitConsent, cannotObserve } from "../../tenant/consentWait";
import { observeConsent } from "../../tenant/observation";
import { hintsFor } from "./annotations";
import { permissionNeeded } from "./denied";
import { diffCpvConsent } from "./diff";
import { consentOutputs } from "./outputs";
import { repairAppRoles } from "./appRoles";
import { repairGrantsInPlace } from "./repair";
import { createCpvConsent, createdStatus } from "./create";
import type { CpvConsentInputs, CpvConsentOutputs, StoredCpvConsent } from "./schema";

/** Inputs that state alone records: the file and stack that declare a consent, what removal keeps. */
const STATE_ONLY = stateOnlyInputs({ shardOrigin: shardOriginSchema, keepServicePrincipal: z.boolean() });

/** Brings a consent's grants to a changed declaration (or back from drift) in place, through Graph. */
export async function updateCpvConsent(
  _id: string,
  olds: StoredCpvConsent,
  inputs: CpvConsentInputs,
  session: ProviderSession,
): Promise<{ outs: CpvConsentOutputs }> {
  // Only what state alone records changed (the file and stack that declare the consent, whether
  // removal keeps the principal): nothing to ask the tenant.
  if (
    !diffCpvConsent(olds, { ...STATE_ONLY.without(inputs), ...STATE_ONLY.only(olds) }, session.consentDrift)
      .changes
  )
    return { outs: withStateOnlyInputs<CpvConsentOutputs>(olds, inputs, STATE_ONLY.keys) };
  const microsoft = session.microsoft;
  const tenant = inputs.customerTenantId;
  const legacy = microsoft.config.legacyAppIds;
  const observed = await observeConsent(
    microsoft,
    tenant,
    inputs.applicationId,
    hintsFor(inputs, olds.servicePrincipalObjectId, legacy),
  ).catch((error: unknown) => cannotObserve(tenant, error));
  // The principal vanished since the refresh that planned this: nothing is left to patch.
  if (observed.servicePrincipalObjectId === undefined) return createCpvConsent(inputs, session);
  const principal = { ...observed, servicePrincipalObjectId: observed.servicePrincipalObjectId };
  if (!delegatedMatch(observed.grants, inputs.grants)) {
    await repairGrantsInPlace(microsoft, tenant, principal, inputs.grants).catch((error: unknown) => {
      const denied = permissionNeeded(
        error,
        "grant edits need DelegatedPermissionGrant.ReadWrite.All",
        "delegatedGrantWrite",
      );
      throw new ProviderError(
        "CONSENT_FAILED",
        `the grants of ${inputs.applicationId} in tenant ${tenant} were not brought to the declaration: ${causeOf(error)}${denied}. ` +
          "The consent stays in place with the scopes it had; fix the cause and run `pulumi up` again to finish",
      );
    });
  }
  if (appRolesDiffer(observed.grants, inputs.grants))
    await repairAppRoles(microsoft, tenant, principal, inputs.grants);
  const final = await awaitConsent(
    microsoft,
    tenant,
    inputs.applicationId,
    inputs.grants,
    Date.now() + microsoft.config.consentPropagationTimeoutSeconds * 1000,
    undefined,
    hintsFor(inputs, observed.servicePrincipalObjectId, legacy),
  );
  const outs = await consentOutputs(microsoft, inputs, final, {
    ...olds,
    status: createdStatus(final, inputs),
    grants: inputs.grants,
  });
  return { outs };
}
