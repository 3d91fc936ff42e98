import { REWST_APP_GENERATIONS } from "../../appIds";
import { sameId } from "../../domain/identifiers";
import type { ObservationHints } from "../../tenant/observation";
import type { CpvConsentInputs } from "./schema";

/**
 * The earlier generations whose principals are leftovers next to this app: only a consent of
 * Rewst's current connector has any (one of an earlier generation still in use has none).
 */
const legacyNextTo = (applicationId: string, legacyAppIds: readonly string[]): readonly string[] =>
  REWST_APP_GENERATIONS.connector.some((id) => sameId(id, applicationId)) &&
  !legacyAppIds.some((id) => sameId(id, applicationId))
    ? legacyAppIds
    : [];

/** One batch per observation: the declared resources' principals and namesakes ride along. */
export const hintsFor = (
  inputs: Pick<CpvConsentInputs, "displayName" | "grants" | "applicationId">,
  servicePrincipalObjectId: string | undefined,
  legacyAppIds: readonly string[],
): ObservationHints => ({
  displayName: inputs.displayName,
  resourceAppIds: inputs.grants.map((g) => g.enterpriseApplicationId),
  legacyAppIds: legacyNextTo(inputs.applicationId, legacyAppIds),
  servicePrincipalObjectId: servicePrincipalObjectId || undefined,
});

/**
 * Planned-input fields that carry the customer's GDAP relationship from check() to the policy pack,
 * so it judges a consent that does not exist yet.
 */
export const GDAP_ANNOTATIONS = ["gdapStatus", "gdap"] as const;
