import { ProviderError } from "../../errors";
import type { ConsentGrant } from "../../domain/grants";
import type { ProviderSession } from "../../session/session";
import type { CpvConsentInputs } from "./schema";

/** The pack config a consent through Rewst uses: its own, or the provider's. */
export function packConfigFor(
  inputs: Pick<CpvConsentInputs, "cspPackConfigId">,
  session: ProviderSession,
): string {
  const id = inputs.cspPackConfigId ?? session.cspPackConfigId;
  if (!id)
    throw new ProviderError(
      "CONFIG_INVALID",
      'a CpvConsent with via "rewst" needs cspPackConfigId or rewst-csp:cspPackConfigId',
    );
  return id;
}

/** What a consent channel grants: delegated scopes only (app roles are assigned through Graph after). */
export const wireGrants = (grants: readonly ConsentGrant[]) =>
  grants
    .filter((g) => g.scopes.length > 0)
    .map((g) => ({ enterpriseApplicationId: g.enterpriseApplicationId, scope: g.scopes.join(",") }));
