import { randomUUID } from "crypto";

import type { PropertyBag } from "../../dynamic/contract";
import { CONFIG_KEYS } from "../../config/providerConfig";
import { ProviderError } from "../../errors";
import { consentTargetProblems } from "../../domain/consentTargets";
import { sameId } from "../../domain/identifiers";
import { missingConsentRole } from "../../domain/gdap";
import type { SessionImplementation } from "../../session";
import { appRolesDiffer, delegatedMatch } from "../../domain/grants";
import { awaitConsent, cannotObserve } from "../../domain/consentWait";
import { observeConsent } from "../../domain/observation";
import { judgeDelete } from "../deleteGuard";
import { hintsFor, withoutAnnotations } from "./annotations";
import { diffCpvConsent } from "./diff";
import { readCpvConsent } from "./read";
import { consentOutputs } from "./outputs";
import { repairAppRoles } from "./appRoles";
import { packConfigFor, wireGrants } from "./channel";
import { checkCpvConsent } from "./check";
import { removeServicePrincipal } from "./offboard";
import { repairGrantsInPlace } from "./repair";
import { cpvConsentInputsSchema, storedCpvConsentSchema } from "./schema";

export { diffCpvConsent } from "./diff";

/** Behaviour of {@link CpvConsent}. */
export const cpvConsentImplementation: SessionImplementation = {
  check: checkCpvConsent,

  diff: (_id, olds, news, session) => Promise.resolve(diffCpvConsent(olds, news, session.consentDrift)),

  async create(checkedInputs, session) {
    const inputs = cpvConsentInputsSchema.parse(withoutAnnotations(checkedInputs));
    const microsoft = session.microsoft;
    const correlationId = randomUUID();
    const tenant = inputs.customerTenantId;
    // Replication is timed from the grant, not from the start of a call that may have been retried.
    const propagated = () => Date.now() + microsoft.config.consentPropagationTimeoutSeconds * 1000;

    // Adopt a consent that is already in place (e.g. granted before a crash), never duplicating it.
    const legacy = microsoft.config.legacyAppIds;
    const hints = hintsFor(inputs, undefined, legacy);
    const before = await observeConsent(microsoft, tenant, inputs.applicationId, hints).catch(
      () => undefined,
    );
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
            `${error.message.replace(/^\[[A-Z_]+\] /, "")}. This replacement removed the consent of ${inputs.applicationId} in tenant ${tenant}; ` +
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
      correlationId,
      consentedAt: new Date().toISOString(),
      createdServicePrincipalObjectId: created,
    });
    return { id: `${tenant}/${inputs.applicationId}`, outs };
  },

  read: readCpvConsent,

  async update(_id, olds, news, session) {
    const inputs = cpvConsentInputsSchema.parse(withoutAnnotations(news));
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
    if (observed.servicePrincipalObjectId === undefined)
      return { outs: (await cpvConsentImplementation.create(news, session)).outs as PropertyBag };
    if (!delegatedMatch(observed.grants, inputs.grants)) {
      await repairGrantsInPlace(
        microsoft,
        tenant,
        { ...observed, servicePrincipalObjectId: observed.servicePrincipalObjectId },
        inputs.grants,
      ).catch((error: unknown) => {
        const cause = error instanceof Error ? error.message : String(error);
        const denied = /Authorization_RequestDenied/.test(cause)
          ? " (grant edits need DelegatedPermissionGrant.ReadWrite.All for your app in the customer tenant and a consent-capable GDAP role)"
          : "";
        throw new ProviderError(
          "CONSENT_FAILED",
          `the grants of ${inputs.applicationId} in tenant ${tenant} were not brought to the declaration: ${cause}${denied}. ` +
            "The consent stays in place with the scopes it had; fix the cause and run `pulumi up` again to finish",
        );
      });
    }
    if (appRolesDiffer(observed.grants, inputs.grants))
      await repairAppRoles(
        microsoft,
        tenant,
        { ...observed, servicePrincipalObjectId: observed.servicePrincipalObjectId },
        inputs.grants,
      );
    const deadline = Date.now() + microsoft.config.consentPropagationTimeoutSeconds * 1000;
    const final = await awaitConsent(
      microsoft,
      tenant,
      inputs.applicationId,
      inputs.grants,
      deadline,
      undefined,
      hintsFor(inputs, observed.servicePrincipalObjectId, legacy),
    );
    const outs = await consentOutputs(microsoft, inputs, final, {
      correlationId: typeof olds.correlationId === "string" ? olds.correlationId : "",
      consentedAt: typeof olds.consentedAt === "string" ? olds.consentedAt : "",
      originalServicePrincipalObjectId:
        typeof olds.originalServicePrincipalObjectId === "string"
          ? olds.originalServicePrincipalObjectId
          : undefined,
      createdServicePrincipalObjectId:
        typeof olds.createdServicePrincipalObjectId === "string" ? olds.createdServicePrincipalObjectId : "",
    });
    return { outs };
  },

  async delete(id, props, session) {
    const target = storedCpvConsentSchema.parse(props);
    const tenant = target.customerTenantId;
    const what = `the consent of ${target.applicationId}`;
    // Refused before any request: state that names another consent than its id, or a target no
    // consent of ours can have (the partner's own tenant or apps, a Microsoft app).
    if (id && !sameId(id, `${tenant}/${target.applicationId}`))
      throw new ProviderError(
        "CONSENT_TARGET_REFUSED",
        `${what} in tenant ${tenant} has the id ${id}, which names another tenant or app; nothing was revoked. ` +
          "Inspect the stack's state (pulumi stack export) and forget the entry with pulumi state delete <urn>",
      );
    const { partnerTenantId, partnerAppId } = session.settings(CONFIG_KEYS.microsoft);
    const refused = consentTargetProblems(target, { partnerTenantId, partnerAppId });
    if (refused.length > 0)
      throw new ProviderError(
        "CONSENT_TARGET_REFUSED",
        `${what} in tenant ${tenant} was not removed: ${refused.map((p) => `${p.property} ${p.reason}`).join("; ")}. ` +
          "Forget it with pulumi state delete <urn>; nothing was revoked",
      );
    // A customer still declared (renamed, moved to another shard, a stack retired while the file
    // lists it) is forgotten here, never offboarded.
    const verdict = judgeDelete(
      { kind: "consent", tenantId: tenant, applicationId: target.applicationId },
      props.shardOrigin,
      what,
    );
    if (verdict.action === "forget") return;
    const microsoft = session.microsoft;
    // A revocation that could not be granted back (a replacement's second half) is not started.
    const access = await microsoft.gdap.access(tenant).catch(() => undefined);
    const noRole = access && missingConsentRole(tenant, access);
    if (noRole) throw new ProviderError("GDAP_ROLE_MISSING", `${noRole}; nothing was revoked`);
    if (target.via === "partnerCenter") {
      const correlationId =
        typeof props.correlationId === "string" && props.correlationId ? props.correlationId : randomUUID();
      await microsoft.partnerCenter.deleteConsent(tenant, target.applicationId, correlationId);
    } else {
      await session.rewst.client.consent("REVOKE", packConfigFor(target, session), [tenant], []);
    }
    microsoft.noteRevoked(tenant, target.applicationId);
    // Offboarding, in order: the consent above, then the principal it created (a mapping that
    // depends on this consent is unlinked after). A kept or adopted principal stays.
    if (target.keepServicePrincipal !== true)
      await removeServicePrincipal(
        microsoft,
        tenant,
        target.applicationId,
        target.createdServicePrincipalObjectId,
      );
  },
};
