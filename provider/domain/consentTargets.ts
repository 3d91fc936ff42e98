import { REWST_APP_GENERATIONS } from "../appIds";
import { WELL_KNOWN_APP_IDS } from "../contracts/identity";
import { sameId } from "./identifiers";

/** The tenant that owns Microsoft's first-party applications. */
export const MICROSOFT_FIRST_PARTY_TENANT = "f8cdef31-a31e-4b4a-93e4-5f571e91255a";

/**
 * First-party Microsoft apps known by id (Graph, Exchange Online, SharePoint Online, Azure AD Graph,
 * Partner Center and its delegated administration app). A consent's removal deletes what the
 * customer's admins or Microsoft put there, so none of them is ever a consent's app.
 */
export const FIRST_PARTY_APP_IDS: readonly string[] = [
  ...Object.values(WELL_KNOWN_APP_IDS),
  "00000002-0000-0ff1-ce00-000000000000",
  "00000003-0000-0ff1-ce00-000000000000",
  "00000002-0000-0000-c000-000000000000",
];

/** What the consent targets. */
export interface ConsentTarget {
  customerTenantId: string;
  applicationId: string;
  via: "partnerCenter" | "rewst";
  grants: readonly { enterpriseApplicationId: string }[];
}

/** What is known of the partner's own side, to keep a consent off it. */
export interface PartnerSide {
  partnerTenantId?: string;
  partnerAppId?: string;
  /** Tenants and apps of the file's enterpriseApplications (Rewst Prod and the like). */
  enterpriseApplications?: readonly { tenantId: string; applicationId: string }[];
}

export interface TargetProblem {
  /** The input that is wrong: customerTenantId or applicationId. */
  property: "customerTenantId" | "applicationId";
  reason: string;
}

/**
 * Why a consent may not be declared (or removed): removing it would revoke or delete access the
 * integration never granted. A CPV consent is for the integration's connector in a customer tenant,
 * never for the partner's own tenant or apps, a Microsoft app, or a resource it grants on.
 */
export function consentTargetProblems(target: ConsentTarget, partner: PartnerSide): TargetProblem[] {
  const problems: TargetProblem[] = [];
  const tenant = target.customerTenantId;
  const app = target.applicationId;
  const apps = partner.enterpriseApplications ?? [];
  if (partner.partnerTenantId && sameId(tenant, partner.partnerTenantId))
    problems.push({
      property: "customerTenantId",
      reason: `is the partner tenant ${tenant}; CPV consents are granted in customer tenants only (Rewst Prod in your own tenant is an EnterpriseApplication)`,
    });
  else if (apps.some((a) => sameId(a.tenantId, tenant)))
    problems.push({
      property: "customerTenantId",
      reason: `is ${tenant}, the tenant of a declared enterprise application (your own tenant); CPV consents are granted in customer tenants only`,
    });
  if (partner.partnerAppId && sameId(app, partner.partnerAppId))
    problems.push({
      property: "applicationId",
      reason: `is your secure-application-model app ${app} (rewst-csp:partnerAppId); removing that consent would lock the provider out of the tenant (AADSTS65001)`,
    });
  if (apps.some((a) => sameId(a.applicationId, app)))
    problems.push({
      property: "applicationId",
      reason: `is ${app}, an app declared under enterpriseApplications; consent the connector, not the partner tenant's apps`,
    });
  if (FIRST_PARTY_APP_IDS.some((id) => sameId(id, app)))
    problems.push({
      property: "applicationId",
      reason: `is ${app}, a first-party Microsoft application (owner tenant ${MICROSOFT_FIRST_PARTY_TENANT}); it is never a consent's app`,
    });
  else if (target.grants.some((g) => sameId(g.enterpriseApplicationId, app)))
    problems.push({
      property: "applicationId",
      reason: `is ${app}, which the consent also grants on as a resource; the app consented is the client, not a resource`,
    });
  if (target.via === "rewst" && !REWST_APP_GENERATIONS.connector.some((id) => sameId(id, app)))
    problems.push({
      property: "applicationId",
      reason: `is ${app}, but via "rewst" consents Rewst's own connector (${REWST_APP_GENERATIONS.connector.join(" or ")}); use via "partnerCenter" for other apps`,
    });
  return problems;
}
