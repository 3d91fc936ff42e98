import type * as pulumi from "@pulumi/pulumi";

import type { ProviderConfig } from "../../config/providerConfig";
import type { PropertyBag } from "../../dynamic/contract";
import { type ConsentGrant, permissionsMatch } from "../../domain/grants";
import { sameId } from "../../domain/identifiers";
import { sameShardOrigin } from "../../mappings/handover";

export type ConsentDrift = ProviderConfig["consentDrift"];

/**
 * A new tenant or app is another consent: a replacement. Everything else is changed in place:
 * grants through Graph (PATCH of the tenant-wide grant), the channel and display name in state
 * only, since the consent in the tenant is the same whichever channel granted it. A consent whose
 * service principal has gone is consented again (a replacement with nothing left to lose). With
 * consentDrift "report", what changed in the tenant is left for the policy pack to report; only a
 * changed declaration plans a change.
 */
export function diffCpvConsent(
  olds: PropertyBag,
  news: PropertyBag,
  drift: ConsentDrift = "repair",
): pulumi.dynamic.DiffResult {
  const replaces: string[] = (["customerTenantId", "applicationId"] as const).filter(
    (k) => !sameId(olds[k], news[k]),
  );
  // After a refresh, `grants` holds what the tenant shows and `declaredGrants` what was declared:
  // "repair" plans to make the tenant match, "report" only acts on a changed declaration.
  const compared =
    drift === "report" && Array.isArray(olds.declaredGrants) ? olds.declaredGrants : olds.grants;
  const oldGrants = Array.isArray(compared) ? (compared as ConsentGrant[]) : [];
  const newGrants = Array.isArray(news.grants) ? (news.grants as ConsentGrant[]) : [];
  const inPlace = [
    // What the tenant shows against the declaration: app roles count only where it manages them.
    !permissionsMatch(oldGrants, newGrants),
    (olds.via ?? "partnerCenter") !== (news.via ?? "partnerCenter"),
    (olds.cspPackConfigId ?? null) !== (news.cspPackConfigId ?? null),
    olds.displayName !== news.displayName,
    // Recorded in state only: what a later removal does with the principal.
    (olds.keepServicePrincipal ?? false) !== (news.keepServicePrincipal ?? false),
    // Recorded in state only: the shard that declares the consent (deletes check it).
    !sameShardOrigin(olds.shardOrigin, news.shardOrigin),
  ].some(Boolean);
  if (olds.status === "missing" && drift === "repair") replaces.push("servicePrincipalObjectId");
  // Delete first, also for a replacement forced with `pulumi up --replace`: there is one consent
  // per tenant and app, so a new one created first would be removed with the old.
  return { changes: replaces.length > 0 || inPlace, replaces, deleteBeforeReplace: true };
}
