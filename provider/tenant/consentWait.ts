import { ProviderError } from "../errors";
import { type ConsentGrant, delegatedMatch } from "../domain/grants";
import { type Observation, type ObservationHints, type TenantReader, observeConsent } from "./observation";

/**
 * Observes the consent until Graph shows the principal with the declared delegated grants or the
 * deadline passes (replication takes seconds); the last observation is returned either way. App
 * roles are assigned after the consent, so they are not waited for here.
 */
export async function awaitConsent(
  microsoft: TenantReader,
  tenantId: string,
  applicationId: string,
  declared: readonly ConsentGrant[],
  deadline: number,
  /** Grants already revoked that Graph may still show; the consent is done only with new ones. */
  revokedGrantIds: ReadonlySet<string> = new Set(),
  hints: ObservationHints = {},
): Promise<Observation> {
  let known = hints.servicePrincipalObjectId;
  for (let delay = 200; ; delay = Math.min(delay * 2, 5000)) {
    const observed = await observeConsent(microsoft, tenantId, applicationId, {
      ...hints,
      servicePrincipalObjectId: known,
    }).catch((): Observation => ({ grants: [] }));
    known = observed.servicePrincipalObjectId ?? known;
    const fresh =
      revokedGrantIds.size === 0 || (observed.grantIds ?? []).some((id) => !revokedGrantIds.has(id));
    const done =
      fresh && observed.servicePrincipalObjectId !== undefined && delegatedMatch(observed.grants, declared);
    const left = deadline - Date.now();
    if (done || left <= 0) return observed;
    await new Promise((resolve) => setTimeout(resolve, Math.min(delay, left)));
  }
}

export function cannotObserve(tenantId: string, error: unknown): never {
  if (error instanceof ProviderError && error.code.startsWith("AUTH_")) {
    throw new ProviderError(
      "CANNOT_OBSERVE_TENANT",
      `cannot observe tenant ${tenantId} because ${error.message}`,
    );
  }
  throw error;
}
