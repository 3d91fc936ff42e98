import type { PropertyBag } from "../../dynamic/contract";
import type { ObservationHints } from "../../domain/observation";
import type { CpvConsentInputs } from "./schema";

/** One batch per observation: the declared resources' principals and namesakes ride along. */
export const hintsFor = (
  inputs: Pick<CpvConsentInputs, "displayName" | "grants">,
  servicePrincipalObjectId?: unknown,
): ObservationHints => ({
  displayName: inputs.displayName,
  resourceAppIds: inputs.grants.map((g) => g.enterpriseApplicationId),
  servicePrincipalObjectId:
    typeof servicePrincipalObjectId === "string" ? servicePrincipalObjectId : undefined,
});

/** Planned-input field that carries the customer's GDAP status from check() to the policy pack. */
export const GDAP_ANNOTATION = "gdapStatus";

/** The declared inputs, without what check() annotated for the policy pack. */
export function withoutAnnotations(inputs: PropertyBag): PropertyBag {
  return Object.fromEntries(Object.entries(inputs).filter(([key]) => key !== GDAP_ANNOTATION));
}
