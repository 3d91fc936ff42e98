import type { StackValidationPolicy } from "@pulumi/policy";

import { consents, customerLabel } from "./lib/resources";
import { judgedByRewst } from "./lib/gdap";

/**
 * `gdap-advice` (stack, advisory): what the GDAP gate could not judge or relied on. A consent through
 * Rewst is made by Rewst's integration user with the roles of Rewst's own GDAP groups, which no API
 * shows, so its roles are not judged (never refused); and the provider's notes on a relationship
 * (roles held only through a nested group, the partner user outside AdminAgents).
 */
export const gdapAdvice: StackValidationPolicy = {
  name: "gdap-advice",
  description: "What the GDAP role gate could not judge, or relied on, is said at preview.",
  enforcementLevel: "advisory",
  validateStack: (args, reportViolation) => {
    for (const consent of consents(args.resources)) {
      if (!consent.gdap || consent.gdap.status !== "active") continue;
      const label = customerLabel(consent.customerTenantId, args.resources);
      if (judgedByRewst(consent))
        reportViolation(
          `Consent ${consent.name} for ${label} goes through Rewst: the GDAP role check is not judgeable. ` +
            "Expected: Rewst's integration user holds Global Administrator, Privileged Role Administrator or Cloud Application Administrator through Rewst's GDAP groups. " +
            "Observed: those groups' roles cannot be read from here (the partner user's roles do not decide this consent). " +
            "Fix: check Rewst's GDAP groups for this customer in Partner Center; a gap fails at Rewst with Rewst's message.",
          consent.urn,
        );
      for (const note of consent.gdap.advice ?? [])
        reportViolation(`Consent ${consent.name} for ${label}: ${note}`, consent.urn);
    }
  },
};
