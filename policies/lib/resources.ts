import type { PolicyResource } from "@pulumi/policy";

import {
  CLIENT_MAPPING_TYPE,
  CPV_CONSENT_TYPE,
  ENTERPRISE_APPLICATION_TYPE,
  canonicalType,
} from "../../provider/typeTokens";
import { REWST_APP_GENERATIONS, REWST_DEFAULT_APP_IDS } from "../../provider/appIds";
import { resourceScopes } from "../../provider/domain/grants";
import {
  type ClientMappingComputed,
  type CpvConsentComputed,
  type EnterpriseApplicationComputed,
  type GrantShape,
  PRINCIPAL_AT_PLAN,
  type PrincipalAtPlan,
} from "../../provider/outputs";
import type { ClientMappingInputs } from "../../provider/resources/clientMapping/schema";
import type { CpvConsentInputs } from "../../provider/resources/cpvConsent/schema";
import type { EnterpriseApplicationInputs } from "../../provider/resources/enterpriseApplication/schema";

import { sameId } from "../../provider/domain/identifiers";

export { sameId };

/** @pulumi/azuread's service principal (its `clientId` is the app id). */
export const AZUREAD_SERVICE_PRINCIPAL_TYPE = "azuread:index/servicePrincipal:ServicePrincipal";

/** Defaults for the app ids policies look for (third-party values, UNCONFIRMED: configure yours). */
export const DEFAULT_REWST_PROD_APP_ID = REWST_DEFAULT_APP_IDS.rewstProd;
export const DEFAULT_CONNECTOR_APP_ID = REWST_DEFAULT_APP_IDS.cspConnector;

/**
 * Policy config of the apps a policy judges: a single id set by the user (the config of earlier
 * releases) wins; otherwise the list, both generations by default (current bundle first).
 */
export interface AppIdsConfig {
  single?: string;
  list?: string[];
}
export const appIdsOf = ({ single, list }: AppIdsConfig, fallback: readonly string[]): string[] =>
  single ? [single] : list && list.length > 0 ? list : [...fallback];

/** Config schema of an app id list, with the generations as default. */
export const appIdListSchema = (fallback: readonly string[]) => ({
  type: "array" as const,
  items: { type: "string" as const },
  default: [...fallback],
});

export const PARTNER_TENANT_APP_IDS = REWST_APP_GENERATIONS.partnerTenant;
export const CONNECTOR_APP_IDS = REWST_APP_GENERATIONS.connector;

/** Policy config of Rewst's apps in the partner tenant a policy judges. */
export interface RewstAppIdsConfig {
  /** One app id (earlier releases' key): judged alone when set. */
  rewstProdAppId?: string;
  /** Rewst's apps in the partner tenant, any generation (default: MS Cloud Connector, Rewst Prod). */
  rewstAppIds?: string[];
}

/** The config schema properties of {@link RewstAppIdsConfig}. */
export const rewstAppIdsSchema = () => ({
  rewstProdAppId: { type: "string" as const },
  rewstAppIds: appIdListSchema(PARTNER_TENANT_APP_IDS),
});

/** The app ids the config names; either generation will do by default. */
export const rewstAppIdsOf = (config: RewstAppIdsConfig): string[] =>
  appIdsOf({ single: config.rewstProdAppId, list: config.rewstAppIds }, PARTNER_TENANT_APP_IDS);

/** Policy config of the connector apps a policy judges. */
export interface ConnectorAppIdsConfig {
  /** One app id (earlier releases' key): judged alone when set. */
  connectorAppId?: string;
  /** The connector apps, any generation (default: MS Cloud Connector, CSP Connector). */
  connectorAppIds?: string[];
}

/** The config schema properties of {@link ConnectorAppIdsConfig}. */
export const connectorAppIdsSchema = () => ({
  connectorAppId: { type: "string" as const },
  connectorAppIds: appIdListSchema(CONNECTOR_APP_IDS),
});

/** The consents of the connector apps the config names. */
export const connectorConsents = (resources: PolicyResource[], config: ConnectorAppIdsConfig) => {
  const ids = appIdsOf({ single: config.connectorAppId, list: config.connectorAppIds }, CONNECTOR_APP_IDS);
  return consents(resources).filter((c) => oneOf(ids, c.applicationId));
};

/** Whether an app id is one of a list, ignoring case. */
export const oneOf = (ids: readonly string[], appId: string): boolean => ids.some((id) => sameId(id, appId));

/**
 * Reads a value from policy arguments, returning undefined while it is unknown (during preview the
 * policy SDK throws on unknown values; a policy judges only what is known).
 */
export function known<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch (error) {
    if (error instanceof Error && error.name === "UnknownValueError") return undefined;
    throw error;
  }
}

/** A resource as policies see it: its name and URN, its inputs and (once known) its computed outputs. */
type View<Inputs, Computed> = { name: string; urn: string } & Inputs & Partial<Computed>;

export type ConsentView = View<
  Pick<CpvConsentInputs, "customerTenantId" | "applicationId" | "displayName" | "grants" | "via">,
  CpvConsentComputed
>;
export type MappingView = View<
  Pick<ClientMappingInputs, "customerTenantId" | "organizationId">,
  ClientMappingComputed
>;
export type EnterpriseAppView = Omit<
  View<
    Partial<EnterpriseApplicationInputs> & Pick<EnterpriseApplicationInputs, "applicationId">,
    EnterpriseApplicationComputed
  >,
  "status" | "adopted" | "displayName"
> & {
  /** Declared through this package or through @pulumi/azuread. */
  kind: "EnterpriseApplication" | "azuread.ServicePrincipal";
};

/**
 * The resources of one type as their views: the props the engine hands the pack are the declared
 * inputs and (once known) the outputs of the one output declaration, so they are read as that type.
 * A resource with a value still unknown (preview) is left out: policies judge only what is known.
 */
function viewsOf<V>(resources: PolicyResource[], type: string): V[] {
  return (
    resources
      // Either face: a native token is judged as the dynamic resource it names.
      .filter((r) => canonicalType(r.type) === type)
      .flatMap((r) => {
        const view = known(() => ({ ...r.props, name: r.name, urn: r.urn }) as V);
        return view ? [view] : [];
      })
  );
}

/** CpvConsent resources of the stack. */
export const consents = (resources: PolicyResource[]): ConsentView[] =>
  viewsOf<ConsentView>(resources, CPV_CONSENT_TYPE).map((c) => ({ ...c, grants: c.grants ?? [] }));

/** ClientMapping resources of the stack. */
export const mappings = (resources: PolicyResource[]): MappingView[] =>
  viewsOf<MappingView>(resources, CLIENT_MAPPING_TYPE);

/** Service principals declared through our EnterpriseApplication or @pulumi/azuread's ServicePrincipal. */
export function enterpriseApps(resources: PolicyResource[]): EnterpriseAppView[] {
  const ours = viewsOf<EnterpriseAppView & { [PRINCIPAL_AT_PLAN]?: PrincipalAtPlan }>(
    resources,
    ENTERPRISE_APPLICATION_TYPE,
  ).map(({ [PRINCIPAL_AT_PLAN]: atPlan, ...app }) => ({
    ...app,
    // A planned create that will adopt the principal check() found is judged by that principal.
    objectId: app.objectId || atPlan?.objectId,
    accountEnabled: app.accountEnabled ?? atPlan?.accountEnabled,
    kind: "EnterpriseApplication" as const,
  }));
  const azuread = viewsOf<AzureadServicePrincipalProps>(resources, AZUREAD_SERVICE_PRINCIPAL_TYPE).map(
    (sp): EnterpriseAppView => ({
      name: sp.name,
      urn: sp.urn,
      applicationId: sp.clientId ?? sp.applicationId ?? "",
      objectId: sp.objectId,
      accountEnabled: sp.accountEnabled ?? true,
      kind: "azuread.ServicePrincipal",
    }),
  );
  return [...ours, ...azuread];
}

/** What the pack reads of @pulumi/azuread's ServicePrincipal (its `clientId` is the app id). */
interface AzureadServicePrincipalProps {
  name: string;
  urn: string;
  clientId?: string;
  applicationId?: string;
  objectId?: string;
  accountEnabled?: boolean;
}

/** Whether the stack manages the CSP integration at all (policies about it apply only then). */
export function usesCspResources(resources: PolicyResource[]): boolean {
  const cspTypes: readonly string[] = [CLIENT_MAPPING_TYPE, CPV_CONSENT_TYPE, ENTERPRISE_APPLICATION_TYPE];
  return resources.some((r) => cspTypes.includes(canonicalType(r.type)));
}

/** "Company (tenant id)" when a mapping names the customer, else "tenant <id>". */
export function customerLabel(tenantId: string, resources: PolicyResource[]): string {
  const company = mappings(resources).find((m) => sameId(m.customerTenantId, tenantId))?.companyName;
  return company ? `${company} (${tenantId})` : `tenant ${tenantId}`;
}

/** Lower-cased scope set of a grant list, as "resourceAppId:scope". */
export const scopeSet = (grants: readonly GrantShape[]): Set<string> => new Set(resourceScopes(grants));
