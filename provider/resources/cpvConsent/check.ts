import type * as pulumi from "@pulumi/pulumi";

import { CONFIG_KEYS } from "../../config/providerConfig";
import { ADMIN_AGENTS } from "../../contracts/partnerCenter";
import { parseChecked } from "../../dynamic/check";
import type { PropertyBag } from "../../dynamic/contract";
import { consentTargetProblems } from "../../domain/consentTargets";
import { missingGdapRole } from "../../domain/gdap";
import { consentActions } from "../../domain/gdapRoles";
import { WELL_KNOWN_APP_IDS } from "../../contracts/identity";
import type { GdapSummary } from "../../outputs";
import { noteDeclared } from "../runClaims";
import type { SessionImplementation } from "../../session/session";
import { cpvConsentInputsSchema } from "./schema";
import { permissionFailures } from "./validate";

const withoutAdvice = ({ advice: _advice, inAdminAgents: _member, ...rest }: GdapSummary): GdapSummary =>
  rest;

/**
 * Validates a consent before anything is written: its inputs, what the customer tenant would
 * refuse in its grants, and whether GDAP lets the partner user consent there at all.
 */
export const checkCpvConsent: SessionImplementation["check"] = async (olds, news, session) => {
  // Settings are validated at preview too, so bad config fails before anything is written.
  const { partnerTenantId, partnerAppId } = session.settings(CONFIG_KEYS.microsoft);
  if (news.via === "rewst") session.settings(CONFIG_KEYS.rewst);
  const { checked, inputs } = parseChecked(cpvConsentInputsSchema, news);
  const tenant = typeof news.customerTenantId === "string" ? news.customerTenantId : undefined;
  if (checked.failures?.length || !tenant)
    // A fleet's preview lists many consents: each grant problem names its customer's tenant.
    return {
      ...checked,
      failures: checked.failures?.map((f) =>
        tenant && f.property.startsWith("grants") ? { ...f, reason: `${f.reason} (tenant ${tenant})` } : f,
      ),
    };
  // Unknown values (preview of a program that computes them) are judged once known.
  if (!inputs) return checked;
  const customer = inputs.customerTenantId;
  const target = consentTargetProblems(inputs, { partnerTenantId, partnerAppId });
  if (target.length > 0) return { inputs: checked.inputs as PropertyBag, failures: target };
  // Lookups that fail (no token yet, Graph down) leave a check unjudged rather than failing preview.
  const [refused, gdap] = await Promise.all([
    permissionFailures(session.microsoft, customer, inputs.grants).catch(
      (): pulumi.dynamic.CheckFailure[] => [],
    ),
    session.microsoft.gdap.summary(customer).catch(() => undefined),
  ]);
  // Through Rewst, Rewst's own integration user consents with the roles of Rewst's GDAP groups,
  // which no API shows us: the partner user's roles say nothing about it, so they are not judged
  // (the gdap-advice policy says so at preview).
  // (The partner user's advice is left out; the engine refuses undefined values, so it is omitted.)
  const judged =
    gdap && (inputs.via === "rewst" ? { ...withoutAdvice(gdap), judgedFor: "rewst" as const } : gdap);
  const noRole =
    judged &&
    judged.judgedFor !== "rewst" &&
    missingGdapRole(
      customer,
      { status: judged.status, roles: new Set(judged.roles) },
      consentActions(inputs, "create", WELL_KNOWN_APP_IDS.microsoftGraph),
    );
  const outsideAdminAgents =
    judged?.judgedFor !== "rewst" &&
    judged?.inAdminAgents === false &&
    session.settings(CONFIG_KEYS.microsoft).adminAgentsCheck === "refuse";
  const failures = [
    ...refused,
    ...(noRole ? [{ property: "customerTenantId", reason: noRole }] : []),
    ...(outsideAdminAgents
      ? [
          {
            property: "customerTenantId",
            reason:
              `the partner user is not in ${ADMIN_AGENTS}, which rewst-csp:adminAgentsCheck refuse requires for a consent. ` +
              `Add it to ${ADMIN_AGENTS} (Partner Center > Account settings > User management)`,
          },
        ]
      : []),
  ];
  if (failures.length > 0) return { inputs: checked.inputs as PropertyBag, failures };
  // A delete later in this run judges against what the program declares (renames are forgotten).
  noteDeclared(
    "consent",
    { tenantId: customer, subject: inputs.applicationId },
    Object.keys(olds).length > 0
      ? { tenantId: olds.customerTenantId, subject: olds.applicationId }
      : undefined,
    inputs.shardOrigin?.mappingsFile,
  );
  // The GDAP status rides along with the planned inputs so the policy pack can judge a consent
  // that does not exist yet.
  if (judged === undefined) return checked;
  return { inputs: { ...(checked.inputs as PropertyBag), gdapStatus: judged.status, gdap: judged } };
};
