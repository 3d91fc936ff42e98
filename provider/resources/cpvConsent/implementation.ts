import { randomUUID } from "crypto";

import { z } from "zod";

import { ProviderError, causeOf, serviceCodeOf } from "../../errors";
import { shardOriginSchema } from "../../mappings/handover";
import { CPV_CONSENT_COMPUTED_KEYS } from "../../outputs";
import type { ProviderSession } from "../../session/session";
import { stateOnlyInputs } from "../common";
import { defineResource } from "../defineResource";
import { appRolesDiffer, delegatedMatch, permissionsMatch } from "../../domain/grants";
import { acceptedRoleNames } from "../../domain/gdapRoles";
import { awaitConsent, cannotObserve } from "../../tenant/consentWait";
import { type Observation, observeConsent } from "../../tenant/observation";
import type { ConsentStatus } from "../../outputs";
import { deleteCpvConsent } from "./delete";
import { GDAP_ANNOTATIONS, hintsFor } from "./annotations";
import { diffCpvConsent } from "./diff";
import { readCpvConsent } from "./read";
import { consentOutputs } from "./outputs";
import { repairAppRoles } from "./appRoles";
import { packConfigFor, wireGrants } from "./channel";
import { checkCpvConsent } from "./check";
import { repairGrantsInPlace } from "./repair";
import {
  type CpvConsentInputs,
  type CpvConsentOutputs,
  type StoredCpvConsent,
  cpvConsentInputsSchema,
  upgradeStoredConsent,
} from "./schema";

export { diffCpvConsent } from "./diff";

/** Inputs that state alone records: the file and stack that declare a consent, what removal keeps. */
const STATE_ONLY = stateOnlyInputs({ shardOrigin: shardOriginSchema, keepServicePrincipal: z.boolean() });

/** Grants a consent, or adopts one already there, and brings its grants to the declaration. */
async function createCpvConsent(inputs: CpvConsentInputs, session: ProviderSession) {
  const microsoft = session.microsoft;
  const correlationId = randomUUID();
  const tenant = inputs.customerTenantId;
  // Replication is timed from the grant, not from the start of a call that may have been retried.
  const propagated = () => Date.now() + microsoft.config.consentPropagationTimeoutSeconds * 1000;

  // Adopt a consent that is already in place (e.g. granted before a crash), never duplicating it.
  const legacy = microsoft.config.legacyAppIds;
  const hints = hintsFor(inputs, undefined, legacy);
  const before = await observeConsent(microsoft, tenant, inputs.applicationId, hints).catch(() => undefined);
  // Right after our own revocation (a delete-before-replace), what Graph shows is the revoked
  // consent still replicating: never adopt it, and wait for grants that are new.
  const revokedHere = microsoft.revokedRecently(tenant, inputs.applicationId);
  const revoked = new Set(revokedHere ? (before?.grantIds ?? []) : []);
  // A consent already there (granted before a crash, or by hand) is adopted and its grants are
  // aligned in place; only a tenant without one gets a new consent.
  const adoptable =
    !revokedHere &&
    before?.servicePrincipalObjectId !== undefined &&
    (before.allPrincipalsGrants ?? []).length > 0
      ? before
      : undefined;

  let existed = false;
  if (!adoptable) {
    try {
      if (inputs.via === "partnerCenter") {
        const outcome = await microsoft.partnerCenter.createConsent(
          tenant,
          {
            applicationId: inputs.applicationId,
            displayName: inputs.displayName,
            applicationGrants: wireGrants(inputs.grants),
          },
          correlationId,
        );
        // An existing consent (e.g. our own earlier POST whose answer was lost) may still be
        // replicating: it is judged below, once Graph shows it or the wait is over.
        existed = outcome === "exists";
      } else {
        const { client } = session.rewst;
        await client.consent("CREATE", packConfigFor(inputs, session), [tenant], wireGrants(inputs.grants));
      }
    } catch (error) {
      // Our own replacement removed the consent a moment ago: say how to finish.
      if (revokedHere && error instanceof ProviderError)
        throw new ProviderError(
          error.code,
          `${causeOf(error)}. This replacement removed the consent of ${inputs.applicationId} in tenant ${tenant}; ` +
            "fix the cause and run `pulumi up` again to grant it",
        );
      throw error;
    }
  }

  // Bounded wait for the new objects to become visible (eventual consistency).
  let observed =
    adoptable ??
    (await awaitConsent(
      microsoft,
      tenant,
      inputs.applicationId,
      inputs.grants,
      propagated(),
      revoked,
      hints,
    ));
  if (observed.servicePrincipalObjectId !== undefined && !delegatedMatch(observed.grants, inputs.grants)) {
    if (existed || adoptable) {
      await repairGrantsInPlace(
        microsoft,
        tenant,
        { ...observed, servicePrincipalObjectId: observed.servicePrincipalObjectId },
        inputs.grants,
      );
      observed = await awaitConsent(
        microsoft,
        tenant,
        inputs.applicationId,
        inputs.grants,
        propagated(),
        undefined,
        hintsFor(inputs, observed.servicePrincipalObjectId, legacy),
      );
    }
  }
  // Application permissions: assigned through Graph once the consent has made the principal.
  if (observed.servicePrincipalObjectId !== undefined && appRolesDiffer(observed.grants, inputs.grants)) {
    const principal = observed.servicePrincipalObjectId;
    await repairAppRoles(
      microsoft,
      tenant,
      { ...observed, servicePrincipalObjectId: principal },
      inputs.grants,
    );
    observed = await observeConsent(
      microsoft,
      tenant,
      inputs.applicationId,
      hintsFor(inputs, principal, legacy),
    );
  }
  // Only a principal that was not there before this consent is ours to delete at offboarding
  // (an unreadable tenant before the grant counts as "there": it is kept).
  const created =
    before !== undefined && before.servicePrincipalObjectId === undefined
      ? (observed.servicePrincipalObjectId ?? "")
      : "";
  const outs = await consentOutputs(microsoft, inputs, observed, {
    status: createdStatus(observed, inputs),
    grants: inputs.grants,
    correlationId,
    consentedAt: new Date().toISOString(),
    originalServicePrincipalObjectId: "",
    createdServicePrincipalObjectId: created,
  });
  return { id: `${tenant}/${inputs.applicationId}`, outs };
}

/** After create or update: active once the tenant shows the declaration, else still pending. */
const createdStatus = (observed: Observation, inputs: CpvConsentInputs): ConsentStatus =>
  observed.servicePrincipalObjectId === undefined || !permissionsMatch(observed.grants, inputs.grants)
    ? "pending"
    : observed.accountEnabled === false
      ? "disabled"
      : "active";

/** The stored outputs with what state alone records taken from the declaration (absent stays absent). */
function withStateOnly(olds: StoredCpvConsent, inputs: CpvConsentInputs): CpvConsentOutputs {
  const kept: CpvConsentOutputs = { ...olds };
  delete kept.shardOrigin;
  delete kept.keepServicePrincipal;
  return {
    ...kept,
    ...(inputs.shardOrigin !== undefined ? { shardOrigin: inputs.shardOrigin } : {}),
    ...(inputs.keepServicePrincipal !== undefined
      ? { keepServicePrincipal: inputs.keepServicePrincipal }
      : {}),
  };
}

/** Brings a consent's grants to a changed declaration (or back from drift) in place, through Graph. */
async function updateCpvConsent(
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
    return { outs: withStateOnly(olds, inputs) };
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
      const denied =
        serviceCodeOf(error) === "Authorization_RequestDenied"
          ? ` (grant edits need DelegatedPermissionGrant.ReadWrite.All for your app in the customer tenant and, through GDAP, ${acceptedRoleNames("delegatedGrantWrite")})`
          : "";
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

/** Behaviour of {@link CpvConsent}. */
export const cpvConsentImplementation = defineResource({
  inputs: cpvConsentInputsSchema,
  annotations: GDAP_ANNOTATIONS,
  upgrade: upgradeStoredConsent,
  outputKeys: CPV_CONSENT_COMPUTED_KEYS,
  check: checkCpvConsent,
  diff: (_id, olds, news, session) => Promise.resolve(diffCpvConsent(olds, news, session.consentDrift)),
  create: createCpvConsent,
  read: readCpvConsent,
  update: updateCpvConsent,
  delete: deleteCpvConsent,
});
