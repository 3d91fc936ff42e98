import { permissionsMatch } from "../../domain/grants";
import { type Observation, grantedPermissions } from "../../domain/observation";
import type { CpvConsentComputed } from "../../outputs";
import type { MicrosoftServices } from "../../services";
import type { CpvConsentInputs, CpvConsentOutputs } from "./schema";

/** The outputs of a consent after create or update, from what the tenant shows now. */
export async function consentOutputs(
  microsoft: MicrosoftServices,
  inputs: CpvConsentInputs,
  observed: Observation,
  meta: {
    correlationId: string;
    consentedAt: string;
    originalServicePrincipalObjectId?: string;
    /** The principal this consent created; empty when it adopted one. */
    createdServicePrincipalObjectId: string;
  },
): Promise<CpvConsentOutputs> {
  const tenant = inputs.customerTenantId;
  const active =
    observed.servicePrincipalObjectId !== undefined && permissionsMatch(observed.grants, inputs.grants);
  return {
    ...inputs,
    servicePrincipalObjectId: observed.servicePrincipalObjectId ?? "",
    originalServicePrincipalObjectId:
      meta.originalServicePrincipalObjectId || (observed.servicePrincipalObjectId ?? ""),
    createdServicePrincipalObjectId: meta.createdServicePrincipalObjectId,
    declaredGrants: inputs.grants,
    // Every observation of a consent names the app, so its namesakes are always read.
    staleServicePrincipals: observed.staleServicePrincipals ?? [],
    ...grantedPermissions(observed),
    ...(await gdapOutputs(microsoft, tenant)),
    consentedAt: meta.consentedAt,
    correlationId: meta.correlationId,
    status: !active ? "pending" : observed.accountEnabled === false ? "disabled" : "active",
  };
}

/** The GDAP outputs of a consent: what the customer's relationship gives the partner (null unread). */
export async function gdapOutputs(
  microsoft: MicrosoftServices,
  tenantId: string,
): Promise<Pick<CpvConsentComputed, "gdap" | "gdapStatus">> {
  const gdap = await microsoft.gdap.summary(tenantId).catch(() => null);
  return { gdap, gdapStatus: gdap?.status ?? null };
}
