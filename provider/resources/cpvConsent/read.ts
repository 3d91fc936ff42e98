import { cannotObserve } from "../../domain/consentWait";
import { grantedPermissions, observeConsent } from "../../domain/observation";
import type { SessionImplementation } from "../../session";
import { hintsFor } from "./annotations";
import { gdapOutputs } from "./outputs";
import { type CpvConsentOutputs, storedCpvConsentSchema } from "./schema";

/** Refresh of a consent: what the tenant shows now, against what was declared. */
export const readCpvConsent: SessionImplementation["read"] = async (id, props, session) => {
  const {
    declaredGrants: storedDeclared,
    createdServicePrincipalObjectId,
    ...declared
  } = storedCpvConsentSchema.parse(props);
  const microsoft = session.microsoft;
  const observed = await observeConsent(
    microsoft,
    declared.customerTenantId,
    declared.applicationId,
    hintsFor(declared, props.servicePrincipalObjectId, microsoft.config.legacyAppIds),
  ).catch((error: unknown) => cannotObserve(declared.customerTenantId, error));
  // No service principal: the consent is kept as "missing" (never silently forgotten); diff decides
  // whether that plans a new consent. Observed grants replace the stored ones otherwise, so a
  // scope changed by hand shows as a diff.
  const missing = !observed.servicePrincipalObjectId;
  // A consent whose principal was never seen is still propagating, not lost.
  const neverObserved = props.status === "pending";
  const current = { ...declared, grants: missing ? declared.grants : observed.grants };
  const gdap = await gdapOutputs(microsoft, declared.customerTenantId);
  const outs: CpvConsentOutputs = {
    ...current,
    servicePrincipalObjectId: observed.servicePrincipalObjectId ?? "",
    originalServicePrincipalObjectId:
      typeof props.originalServicePrincipalObjectId === "string" && props.originalServicePrincipalObjectId
        ? props.originalServicePrincipalObjectId
        : (observed.servicePrincipalObjectId ?? ""),
    createdServicePrincipalObjectId: createdServicePrincipalObjectId ?? "",
    declaredGrants: storedDeclared ?? declared.grants,
    staleServicePrincipals: observed.staleServicePrincipals ?? [],
    ...grantedPermissions(observed),
    ...gdap,
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
  return { id, props: outs, inputs: { ...current, ...gdap } };
};
