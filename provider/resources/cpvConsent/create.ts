import { randomUUID } from "crypto";

import { ProviderError, causeOf } from "../../errors";
import type { ProviderSession } from "../../session/session";
import { appRolesDiffer, delegatedMatch, permissionsMatch } from "../../domain/grants";
import { awaitConsent } from "../../tenant/consentWait";
import { type Observation, observeConsent } from "../../tenant/observation";
import type { ConsentStatus } from "../../outputs";
import { hintsFor } from "./annotations";
import { consentOutputs } from "./outputs";
import { repairAppRoles } from "./appRoles";
import { packConfigFor, wireGrants } from "./channel";
import { repairGrantsInPlace } from "./repair";
import type { CpvConsentInputs } from "./schema";

/** Grants a consent, or adopts one already there, and brings its grants to the declaration. */
export async function createCpvConsent(inputs: CpvConsentInputs, session: ProviderSession) {
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
export const createdStatus = (observed: Observation, inputs: CpvConsentInputs): ConsentStatus =>
  observed.servicePrincipalObjectId === undefined || !permissionsMatch(observed.grants, inputs.grants)
    ? "pending"
    : observed.accountEnabled === false
      ? "disabled"
      : "active";
