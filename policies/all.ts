// Every policy of the pack, in the order it reports them: read by index.ts (which starts the pack)
// and by the build, which writes each policy's config keys beside the compiled pack so that
// `rewst-csp report` can refuse a pack config that names a policy or key the pack does not have.
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

export const POLICIES = [
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
];
