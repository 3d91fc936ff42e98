import { judgeConsentDrift } from "../../domain/drift";
import { type Observation, grantedPermissions } from "../../tenant/observation";
import type { ConsentStatus, CpvConsentComputed } from "../../outputs";
import type { MicrosoftServices } from "../../session/services";
import type { CpvConsentInputs, CpvConsentOutputs } from "./schema";

/** What a consent's outputs record besides the observation: who made it, and what this step concluded. */
export interface ConsentRecord {
  status: ConsentStatus;
  /** The `grants` output: the declaration after create or update, what the tenant shows after read. */
  grants: CpvConsentInputs["grants"];
  correlationId: string;
  consentedAt: string;
  /** The principal first observed (empty: this observation's). */
  originalServicePrincipalObjectId: string;
  /** The principal this consent created; empty when it adopted one. */
  createdServicePrincipalObjectId: string;
}

/**
 * The outputs of a consent from one observation of its tenant, the one shape create, update and
 * read return, with the drift judged once (provider/domain/drift.ts) for diff, the pack and the report.
 */
export async function consentOutputs(
  microsoft: MicrosoftServices,
  declared: CpvConsentInputs,
  observed: Observation,
  record: ConsentRecord,
): Promise<CpvConsentOutputs> {
  const servicePrincipalObjectId = observed.servicePrincipalObjectId ?? "";
  const originalServicePrincipalObjectId =
    record.originalServicePrincipalObjectId || servicePrincipalObjectId;
  return {
    ...declared,
    grants: record.grants,
    servicePrincipalObjectId,
    originalServicePrincipalObjectId,
    createdServicePrincipalObjectId: record.createdServicePrincipalObjectId,
    declaredGrants: declared.grants,
    // Every observation of a consent names the app, so its namesakes are always read.
    staleServicePrincipals: observed.staleServicePrincipals ?? [],
    ...grantedPermissions(observed),
    ...(await gdapOutputs(microsoft, declared.customerTenantId)),
    consentedAt: record.consentedAt,
    correlationId: record.correlationId,
    status: record.status,
    drift: judgeConsentDrift({
      status: record.status,
      servicePrincipalObjectId,
      originalServicePrincipalObjectId,
      observed: observed.grants,
      declared: declared.grants,
    }),
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
