// Every policy of the pack, in the order it reports them: read by index.ts (which starts the pack)
// and by the build, which writes each policy's config keys beside the compiled pack so that
// `rewst-csp report` can refuse a pack config that names a policy or key the pack does not have.
import { consentWithoutGdap } from "./consentWithoutGdap";
import { cspConnectorSpDrift } from "./cspConnectorSpDrift";
import { cspConnectorSpPresent } from "./cspConnectorSpPresent";
import { exemptionsValid } from "./exemptionsValid";
import { gdapAdvice } from "./gdapAdvice";
import { gdapAutoExtend } from "./gdapAutoExtend";
import { gdapExpiring } from "./gdapExpiring";
import { gdapRoleCoverage } from "./gdapRoleCoverage";
import { orgLinkedToMultipleCustomers } from "./orgLinkedToMultipleCustomers";
import { rewstProdSpDrift } from "./rewstProdSpDrift";
import { rewstProdSpPresent } from "./rewstProdSpPresent";
import { scopeAllowList } from "./scopeAllowList";
import { staleConnectorServicePrincipals } from "./staleConnectorServicePrincipals";
import { honouringExemptions } from "./lib/exemptions";
import { EXEMPTIONS_POLICY } from "../provider/domain/exemptions";

/**
 * Policies whose every violation concerns one customer (reported on its consent or mapping). The
 * apply workflow runs them as advisory (`apply-config.json` beside the compiled pack), so one
 * customer's problem never blocks the fleet's `up`; each customer's writes are gated inside its own
 * resources (check() refuses what GDAP cannot do, a mapping conflict fails that mapping), and the
 * pull-request check keeps them mandatory. An exemption that expired or names no policy is judged
 * the same way: it concerns the review of the file, not the tenants every other customer needs.
 */
export const PER_CUSTOMER_POLICIES: readonly string[] = [
  cspConnectorSpPresent.name,
  cspConnectorSpDrift.name,
  orgLinkedToMultipleCustomers.name,
  gdapRoleCoverage.name,
  EXEMPTIONS_POLICY,
];

/** The pack's own policies, before the mappings file's exemptions are applied to them. */
const JUDGING = [
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

/** Every policy of the pack: each honours the exemptions, and `exemptions-valid` judges them. */
export const POLICIES = [
  ...JUDGING.map((policy) => honouringExemptions(policy)),
  exemptionsValid(JUDGING.map((policy) => policy.name)),
];
