import { ProviderError } from "../../errors";
import { cannotObserve } from "../../tenant/consentWait";
import { observeConsent } from "../../tenant/observation";
import { hintsFor } from "./annotations";
import { consentOutputs } from "./outputs";
import { type CpvConsentInputs, type StoredCpvConsent, declarationOf } from "./schema";
import type { ProviderSession } from "../../session/session";

/**
 * Refresh of a consent: what the tenant shows now, against what was declared. An import declares
 * what the tenant shows (its principal's name and grants), and finds nothing to import without one.
 */
export async function readCpvConsent(
  id: string,
  stored: StoredCpvConsent,
  session: ProviderSession,
  { importing }: { importing: boolean } = { importing: false },
) {
  const recorded = declarationOf(stored);
  const tenant = recorded.customerTenantId;
  const microsoft = session.microsoft;
  const observed = await observeConsent(
    microsoft,
    tenant,
    recorded.applicationId,
    hintsFor(recorded, stored.servicePrincipalObjectId, microsoft.config.legacyAppIds),
  ).catch((error: unknown) => cannotObserve(tenant, error));
  if (importing && !observed.servicePrincipalObjectId)
    throw new ProviderError(
      "IMPORT_NOT_FOUND",
      `tenant ${tenant} has no service principal of application ${recorded.applicationId}: nothing to import`,
    );
  const declared = importing
    ? { ...recorded, displayName: observed.displayName || recorded.applicationId, grants: observed.grants }
    : recorded;
  // No service principal: the consent is kept as "missing" (never silently forgotten), or "pending"
  // while it was never seen; diff decides whether that plans a new consent. Observed grants replace
  // the stored ones otherwise, so a scope changed by hand shows as a diff.
  const missing = !observed.servicePrincipalObjectId;
  const grants: CpvConsentInputs["grants"] = missing ? declared.grants : observed.grants;
  const outs = await consentOutputs(microsoft, declared, observed, {
    ...stored,
    grants,
    status: missing
      ? stored.status === "pending"
        ? "pending"
        : "missing"
      : observed.accountEnabled === false
        ? "disabled"
        : "active",
  });
  // The inputs keep check()'s annotation, so a refresh alone shows no input change; an import's are
  // checked as a declaration (the engine checks them), which the annotation is not part of.
  const { gdap, gdapStatus } = outs;
  return { id, props: outs, inputs: { ...declared, grants, ...(importing ? {} : { gdap, gdapStatus }) } };
}
