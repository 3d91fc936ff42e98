import { randomUUID } from "crypto";

import { CONFIG_KEYS, loadProviderConfig } from "../../config/providerConfig";
import { checkInputs } from "../../dynamic/check";
import type { CallContext, PropertyBag, ResourceImplementation } from "../../dynamic/contract";
import { ProviderError } from "../../errors";
import { CONSENT_CAPABLE_ROLES, DIRECTORY_READ_ROLES } from "../../contracts/graph";
import { type GdapAccess, type MicrosoftServices, microsoftServices, rewstServices } from "../../services";
import { type ConsentGrant, grantsMatch as matches } from "../../domain/grants";
import {
  type Observation,
  awaitConsent,
  cannotObserve,
  gdapStatus,
  observeConsent,
  staleNamesakes,
} from "../../domain/observation";
import { consentDrift, diffCpvConsent } from "./diff";
import { repairGrantsInPlace } from "./repair";
import {
  type CpvConsentInputs,
  type CpvConsentOutputs,
  cpvConsentIdentitySchema,
  cpvConsentInputsSchema,
  storedCpvConsentSchema,
} from "./schema";

export { diffCpvConsent } from "./diff";

const roleName = (id: string) => DIRECTORY_READ_ROLES.find((r) => r.id === id)?.name ?? id;

/**
 * A consent needs a consent-capable GDAP role in the customer tenant; with an active relationship
 * that grants none, every consent attempt fails, so preview says so before anything is written.
 */
function missingConsentRole(tenantId: string, access: GdapAccess): string | undefined {
  if (access.status !== "active" || CONSENT_CAPABLE_ROLES.some((r) => access.roles.has(r.id)))
    return undefined;
  const held = [...access.roles].map(roleName).join(", ") || "no role";
  return (
    `GDAP with tenant ${tenantId} gives the partner user no role that can consent to applications: ` +
    `needs ${CONSENT_CAPABLE_ROLES[0].name} or ${CONSENT_CAPABLE_ROLES[1].name} (holds ${held}). ` +
    "Add one of them to the access assignment of your GDAP security group for this customer, or remove this consent"
  );
}

function packConfigFor(inputs: Pick<CpvConsentInputs, "cspPackConfigId">, ctx: CallContext): string {
  const id = inputs.cspPackConfigId ?? rewstServices(ctx.config).config.cspPackConfigId;
  if (!id)
    throw new ProviderError(
      "CONFIG_INVALID",
      'a CpvConsent with via "rewst" needs cspPackConfigId or rewst-csp:cspPackConfigId',
    );
  return id;
}

const wireGrants = (grants: readonly ConsentGrant[]) =>
  grants.map((g) => ({ enterpriseApplicationId: g.enterpriseApplicationId, scope: g.scopes.join(",") }));

/** Planned-input field that carries the customer's GDAP status from check() to the policy pack. */
const GDAP_ANNOTATION = "gdapStatus";

/** The declared inputs, without what check() annotated for the policy pack. */
function withoutAnnotations(inputs: PropertyBag): PropertyBag {
  return Object.fromEntries(Object.entries(inputs).filter(([key]) => key !== GDAP_ANNOTATION));
}

/** The outputs of a consent after create or update, from what the tenant shows now. */
async function consentOutputs(
  ms: MicrosoftServices,
  inputs: CpvConsentInputs,
  observed: Observation,
  meta: { correlationId: string; consentedAt: string; originalServicePrincipalObjectId?: string },
): Promise<CpvConsentOutputs> {
  const tenant = inputs.customerTenantId;
  const active = observed.servicePrincipalObjectId !== undefined && matches(observed.grants, inputs.grants);
  return {
    ...inputs,
    servicePrincipalObjectId: observed.servicePrincipalObjectId ?? "",
    originalServicePrincipalObjectId:
      meta.originalServicePrincipalObjectId || (observed.servicePrincipalObjectId ?? ""),
    declaredGrants: inputs.grants,
    staleServicePrincipals: await staleNamesakes(ms, tenant, inputs.applicationId, inputs.displayName).catch(
      () => [],
    ),
    grantedScopes: Object.fromEntries(observed.grants.map((g) => [g.enterpriseApplicationId, g.scopes])),
    gdapStatus: await gdapStatus(ms, tenant).catch(() => null),
    consentedAt: meta.consentedAt,
    correlationId: meta.correlationId,
    status: !active ? "pending" : observed.accountEnabled === false ? "disabled" : "active",
  };
}

/** Behaviour of {@link CpvConsent}. */
export const cpvConsentImplementation: ResourceImplementation = {
  async check(_olds, news, ctx) {
    // Settings are validated at preview too, so bad config fails before anything is written.
    loadProviderConfig(ctx.config, CONFIG_KEYS.microsoft);
    if (news.via === "rewst") loadProviderConfig(ctx.config, CONFIG_KEYS.rewst);
    const checked = checkInputs(cpvConsentInputsSchema, news);
    if (checked.failures?.length || typeof news.customerTenantId !== "string") return checked;
    // The GDAP status rides along with the planned inputs so the policy pack can judge a consent
    // that does not exist yet; a lookup that fails leaves it unknown rather than failing preview.
    const inputs = checked.inputs as PropertyBag;
    const tenant = String(inputs.customerTenantId);
    const access = await microsoftServices(ctx.config)
      .gdapAccess(tenant)
      .catch(() => undefined);
    if (access === undefined) return checked;
    const noRole = missingConsentRole(tenant, access);
    if (noRole) return { inputs, failures: [{ property: "customerTenantId", reason: noRole }] };
    return { inputs: { ...inputs, [GDAP_ANNOTATION]: access.status } };
  },

  diff: (_id, olds, news, ctx) => Promise.resolve(diffCpvConsent(olds, news, consentDrift(ctx))),

  async create(checkedInputs, ctx) {
    const inputs = cpvConsentInputsSchema.parse(withoutAnnotations(checkedInputs));
    const ms = microsoftServices(ctx.config);
    const correlationId = randomUUID();
    const tenant = inputs.customerTenantId;
    // Replication is timed from the grant, not from the start of a call that may have been retried.
    const propagated = () => Date.now() + ms.config.consentPropagationTimeoutSeconds * 1000;

    // Adopt a consent that is already in place (e.g. granted before a crash), never duplicating it.
    const before = await observeConsent(ms, tenant, inputs.applicationId).catch(() => undefined);
    // Right after our own revocation (a delete-before-replace), what Graph shows is the revoked
    // consent still replicating: never adopt it, and wait for grants that are new.
    const revokedHere = ms.revokedRecently(tenant, inputs.applicationId);
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
          const outcome = await ms.partnerCenter.createConsent(
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
          const { client } = rewstServices(ctx.config);
          await client.consent("CREATE", packConfigFor(inputs, ctx), [tenant], wireGrants(inputs.grants));
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
      (await awaitConsent(ms, tenant, inputs.applicationId, inputs.grants, propagated(), revoked));
    if (observed.servicePrincipalObjectId !== undefined && !matches(observed.grants, inputs.grants)) {
      if (existed || adoptable) {
        await repairGrantsInPlace(
          ms,
          tenant,
          { ...observed, servicePrincipalObjectId: observed.servicePrincipalObjectId },
          inputs.grants,
        );
        observed = await awaitConsent(ms, tenant, inputs.applicationId, inputs.grants, propagated());
      }
    }
    const outs = await consentOutputs(ms, inputs, observed, {
      correlationId,
      consentedAt: new Date().toISOString(),
    });
    return { id: `${tenant}/${inputs.applicationId}`, outs };
  },

  async read(id, props, ctx) {
    const { declaredGrants: storedDeclared, ...declared } = storedCpvConsentSchema.parse(props);
    const ms = microsoftServices(ctx.config);
    const observed = await observeConsent(ms, declared.customerTenantId, declared.applicationId).catch(
      (error: unknown) => cannotObserve(declared.customerTenantId, error),
    );
    // No service principal: the consent is kept as "missing" (never silently forgotten); diff decides
    // whether that plans a new consent. Observed grants replace the stored ones otherwise, so a
    // scope changed by hand shows as a diff.
    const missing = !observed.servicePrincipalObjectId;
    // A consent whose principal was never seen is still propagating, not lost.
    const neverObserved = props.status === "pending";
    const current = { ...declared, grants: missing ? declared.grants : observed.grants };
    const gdap = await gdapStatus(ms, declared.customerTenantId);
    const outs: CpvConsentOutputs = {
      ...current,
      servicePrincipalObjectId: observed.servicePrincipalObjectId ?? "",
      originalServicePrincipalObjectId:
        typeof props.originalServicePrincipalObjectId === "string" && props.originalServicePrincipalObjectId
          ? props.originalServicePrincipalObjectId
          : (observed.servicePrincipalObjectId ?? ""),
      declaredGrants: storedDeclared ?? declared.grants,
      staleServicePrincipals: await staleNamesakes(
        ms,
        declared.customerTenantId,
        declared.applicationId,
        declared.displayName,
      ),
      grantedScopes: Object.fromEntries(observed.grants.map((g) => [g.enterpriseApplicationId, g.scopes])),
      gdapStatus: gdap,
      consentedAt: typeof props.consentedAt === "string" ? props.consentedAt : "",
      correlationId: typeof props.correlationId === "string" ? props.correlationId : "",
      status: missing
        ? neverObserved
          ? "pending"
          : "missing"
        : observed.accountEnabled === false
          ? "disabled"
          : "active",
    };
    // The inputs keep check()'s annotation, so a refresh alone shows no input change.
    return { id, props: outs, inputs: { ...current, [GDAP_ANNOTATION]: gdap } };
  },

  async update(_id, olds, news, ctx) {
    const inputs = cpvConsentInputsSchema.parse(withoutAnnotations(news));
    const ms = microsoftServices(ctx.config);
    const tenant = inputs.customerTenantId;
    const observed = await observeConsent(ms, tenant, inputs.applicationId).catch((error: unknown) =>
      cannotObserve(tenant, error),
    );
    // The principal vanished since the refresh that planned this: nothing is left to patch.
    if (observed.servicePrincipalObjectId === undefined)
      return { outs: (await cpvConsentImplementation.create(news, ctx)).outs as PropertyBag };
    if (!matches(observed.grants, inputs.grants)) {
      await repairGrantsInPlace(
        ms,
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
    const deadline = Date.now() + ms.config.consentPropagationTimeoutSeconds * 1000;
    const final = await awaitConsent(ms, tenant, inputs.applicationId, inputs.grants, deadline);
    const outs = await consentOutputs(ms, inputs, final, {
      correlationId: typeof olds.correlationId === "string" ? olds.correlationId : "",
      consentedAt: typeof olds.consentedAt === "string" ? olds.consentedAt : "",
      originalServicePrincipalObjectId:
        typeof olds.originalServicePrincipalObjectId === "string"
          ? olds.originalServicePrincipalObjectId
          : undefined,
    });
    return { outs };
  },

  async delete(_id, props, ctx) {
    const target = cpvConsentIdentitySchema.parse(props);
    const ms = microsoftServices(ctx.config);
    // A revocation that could not be granted back (a replacement's second half) is not started.
    const access = await ms.gdapAccess(target.customerTenantId).catch(() => undefined);
    const noRole = access && missingConsentRole(target.customerTenantId, access);
    if (noRole) throw new ProviderError("GDAP_ROLE_MISSING", `${noRole}; nothing was revoked`);
    if (target.via === "partnerCenter") {
      const correlationId =
        typeof props.correlationId === "string" && props.correlationId ? props.correlationId : randomUUID();
      await ms.partnerCenter.deleteConsent(target.customerTenantId, target.applicationId, correlationId);
    } else {
      await rewstServices(ctx.config).client.consent(
        "REVOKE",
        packConfigFor(target, ctx),
        [target.customerTenantId],
        [],
      );
    }
    ms.noteRevoked(target.customerTenantId, target.applicationId);
  },
};
