import type * as pulumi from "@pulumi/pulumi";

import type { ProviderConfig } from "../../config/providerConfig";
import type { PropertyBag } from "../../dynamic/contract";
import { grantsDrifted } from "../../domain/drift";
import { type ConsentGrant, sameDeclaration } from "../../domain/grants";
import { sameId } from "../../domain/identifiers";
import { sameShardOrigin } from "../../mappings/handover";
import type { StoredCpvConsent } from "./schema";

export type ConsentDrift = ProviderConfig["consentDrift"];

/**
 * A new tenant or app is another consent: a replacement. Everything else is changed in place:
 * grants through Graph (PATCH of the tenant-wide grant), the channel and display name in state
 * only, since the consent in the tenant is the same whichever channel granted it. What the tenant
 * shows is not judged here: the last read recorded its verdict (`drift`), and with consentDrift
 * "repair" a verdict of drifted grants plans an update, a missing principal a new consent; with
 * "report" the policy pack reports it and only a changed declaration plans a change.
 * `news` may hold unknown values at preview.
 */
export function diffCpvConsent(
  olds: StoredCpvConsent,
  news: PropertyBag,
  drift: ConsentDrift = "repair",
): pulumi.dynamic.DiffResult {
  const replaces: string[] = (["customerTenantId", "applicationId"] as const).filter(
    (k) => !sameId(olds[k], news[k]),
  );
  const newGrants = Array.isArray(news.grants) ? (news.grants as ConsentGrant[]) : [];
  const repair = drift === "repair";
  const inPlace = [
    !sameDeclaration(olds.declaredGrants, newGrants),
    repair && grantsDrifted(olds.drift),
    olds.via !== (news.via ?? "partnerCenter"),
    (olds.cspPackConfigId ?? null) !== (news.cspPackConfigId ?? null),
    olds.displayName !== news.displayName,
    // Recorded in state only: what a later removal does with the principal.
    (olds.keepServicePrincipal ?? false) !== (news.keepServicePrincipal ?? false),
    // Recorded in state only: the shard that declares the consent (deletes check it).
    !sameShardOrigin(olds.shardOrigin, news.shardOrigin),
  ].some(Boolean);
  if (olds.drift.principal === "missing" && repair) replaces.push("servicePrincipalObjectId");
  // Delete first, also for a replacement forced with `pulumi up --replace`: there is one consent
  // per tenant and app, so a new one created first would be removed with the old.
  return { changes: replaces.length > 0 || inPlace, replaces, deleteBeforeReplace: true };
}
