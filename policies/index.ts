// Assembles the pack; each policy lives in its own module (tests import those, never this file,
// because constructing a PolicyPack starts its gRPC server).
import { PolicyPack } from "@pulumi/policy";

import { consentWithoutGdap } from "./consentWithoutGdap";
import { cspConnectorSpDrift } from "./cspConnectorSpDrift";
import { cspConnectorSpPresent } from "./cspConnectorSpPresent";
import { gdapAdvice } from "./gdapAdvice";
import { gdapAutoExtend } from "./gdapAutoExtend";
import { gdapExpiring } from "./gdapExpiring";
import { gdapRoleCoverage } from "./gdapRoleCoverage";
import { orgLinkedToMultipleCustomers } from "./orgLinkedToMultipleCustomers";
import { rewstProdSpDrift } from "./rewstProdSpDrift";
import { rewstProdSpPresent } from "./rewstProdSpPresent";
import { scopeAllowList } from "./scopeAllowList";
import { staleConnectorServicePrincipals } from "./staleConnectorServicePrincipals";

new PolicyPack("rewst-csp", {
  policies: [
    rewstProdSpPresent,
    rewstProdSpDrift,
    cspConnectorSpPresent,
    cspConnectorSpDrift,
    orgLinkedToMultipleCustomers,
    consentWithoutGdap,
    scopeAllowList,
    staleConnectorServicePrincipals,
    gdapRoleCoverage,
    gdapExpiring,
    gdapAutoExtend,
    gdapAdvice,
  ],
});
