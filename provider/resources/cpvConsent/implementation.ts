import { CPV_CONSENT_COMPUTED_KEYS } from "../../outputs";
import { defineResource } from "../defineResource";
import { GDAP_ANNOTATIONS } from "./annotations";
import { checkCpvConsent } from "./check";
import { createCpvConsent } from "./create";
import { deleteCpvConsent } from "./delete";
import { diffCpvConsent } from "./diff";
import { importedConsentState } from "./importing";
import { readCpvConsent } from "./read";
import { cpvConsentInputsSchema, upgradeStoredConsent } from "./schema";
import { updateCpvConsent } from "./update";

export { diffCpvConsent } from "./diff";

/** Behaviour of {@link CpvConsent}. */
export const cpvConsentImplementation = defineResource({
  inputs: cpvConsentInputsSchema,
  annotations: GDAP_ANNOTATIONS,
  upgrade: upgradeStoredConsent,
  outputKeys: CPV_CONSENT_COMPUTED_KEYS,
  check: checkCpvConsent,
  diff: (_id, olds, news, session) => Promise.resolve(diffCpvConsent(olds, news, session.consentDrift)),
  create: createCpvConsent,
  importState: importedConsentState,
  read: readCpvConsent,
  update: updateCpvConsent,
  delete: deleteCpvConsent,
});
