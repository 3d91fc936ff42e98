import type { StackValidationPolicy } from "@pulumi/policy";

import { consents, customerLabel } from "./lib/resources";

/** `consent-without-gdap` (stack, advisory): a consent declared for a customer with no active GDAP relationship. */
export const consentWithoutGdap: StackValidationPolicy = {
  name: "consent-without-gdap",
  description: "Consents are declared only for customers with an active GDAP relationship.",
  enforcementLevel: "advisory",
  validateStack: (args, reportViolation) => {
    for (const consent of consents(args.resources)) {
      if (consent.gdapStatus === undefined || consent.gdapStatus === "active") continue;
      reportViolation(
        `Consent ${consent.name} for ${customerLabel(consent.customerTenantId, args.resources)} has no active GDAP relationship. ` +
          `Expected: GDAP status active. Observed: ${consent.gdapStatus ?? "no relationship"}. ` +
          `Fix: approve or renew the GDAP relationship with the roles the integration needs.`,
        consent.urn,
      );
    }
  },
};
