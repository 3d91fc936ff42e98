import { judgeConsentDrift } from "../../domain/drift";
import type { MicrosoftServices } from "../../session/services";
import { type Observation, grantedPermissions } from "../../tenant/observation";
import type { CpvConsentInputs, CpvConsentOutputs, StoredCpvConsent } from "./schema";

/** What outputs record beside the observation (`grants`: declared after create/update, observed after read). */
type Recorded = "status" | "grants" | "correlationId" | "consentedAt" | "createdServicePrincipalObjectId";
type ConsentRecord = Pick<StoredCpvConsent, Recorded | "originalServicePrincipalObjectId">;

/** The one output shape of create, update and read, with the drift judged once for diff, pack and report. */
export async function consentOutputs(
  microsoft: MicrosoftServices,
  declared: CpvConsentInputs,
  observed: Observation,
  { originalServicePrincipalObjectId: original, ...record }: ConsentRecord,
): Promise<CpvConsentOutputs> {
  const servicePrincipalObjectId = observed.servicePrincipalObjectId ?? "";
  const originalServicePrincipalObjectId = original || servicePrincipalObjectId;
  // The customer's GDAP relationship, for the gdap-* policies (null when it cannot be read).
  const gdap = await microsoft.gdap.summary(declared.customerTenantId).catch(() => null);
  const { status, grants, correlationId, consentedAt, createdServicePrincipalObjectId } = record;
  return {
    ...declared,
    ...{ status, grants, correlationId, consentedAt, createdServicePrincipalObjectId },
    servicePrincipalObjectId,
    originalServicePrincipalObjectId,
    declaredGrants: declared.grants,
    // Every observation of a consent names the app, so its namesakes are always read.
    staleServicePrincipals: observed.staleServicePrincipals ?? [],
    ...grantedPermissions(observed),
    ...{ gdap, gdapStatus: gdap?.status ?? null },
    drift: judgeConsentDrift({
      ...{ status, servicePrincipalObjectId, originalServicePrincipalObjectId },
      ...{ observed: observed.grants, declared: declared.grants },
    }),
  };
}
