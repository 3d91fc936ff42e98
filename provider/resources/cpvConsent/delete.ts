import { randomUUID } from "crypto";

import { CONFIG_KEYS } from "../../config/providerConfig";
import { consentTargetProblems } from "../../domain/consentTargets";
import { missingGdapRole } from "../../domain/gdap";
import { consentActions } from "../../domain/gdapRoles";
import { WELL_KNOWN_APP_IDS } from "../../contracts/identity";
import { sameId } from "../../domain/identifiers";
import { ProviderError } from "../../errors";
import type { ProviderSession } from "../../session/session";
import { judgeDelete } from "../deleteGuard";
import { packConfigFor } from "./channel";
import { removeServicePrincipal } from "./offboard";
import type { StoredCpvConsent } from "./schema";

/**
 * Removal of a consent: the one place a CPV consent is revoked. Refused before any request where the
 * state names another consent or a target on the partner's side; forgotten (no request) where the
 * customer is still declared; otherwise revoked, then the principal the consent created deleted.
 */
export async function deleteCpvConsent(id: string, target: StoredCpvConsent, session: ProviderSession) {
  const tenant = target.customerTenantId;
  const what = `the consent of ${target.applicationId}`;
  // Refused before any request: state that names another consent than its id, or a target no
  // consent of ours can have (the partner's own tenant or apps, a Microsoft app).
  if (id && !sameId(id, `${tenant}/${target.applicationId}`))
    throw new ProviderError(
      "CONSENT_TARGET_REFUSED",
      `${what} in tenant ${tenant} has the id ${id}, which names another tenant or app; nothing was revoked. ` +
        "Inspect the stack's state (pulumi stack export) and forget the entry with pulumi state delete <urn>",
    );
  const { partnerTenantId, partnerAppId } = session.settings(CONFIG_KEYS.microsoft);
  const refused = consentTargetProblems(target, { partnerTenantId, partnerAppId });
  if (refused.length > 0)
    throw new ProviderError(
      "CONSENT_TARGET_REFUSED",
      `${what} in tenant ${tenant} was not removed: ${refused.map((p) => `${p.property} ${p.reason}`).join("; ")}. ` +
        "Forget it with pulumi state delete <urn>; nothing was revoked",
    );
  // A customer still declared (renamed, moved to another shard, a stack retired while the file
  // lists it) is forgotten here, never offboarded.
  const verdict = judgeDelete(
    { kind: "consent", tenantId: tenant, applicationId: target.applicationId },
    target.shardOrigin,
    what,
  );
  if (verdict.action === "forget") return;
  const microsoft = session.microsoft;
  // A revocation that could not be granted back (a replacement's second half) is not started.
  // Every step is judged before the first: a revocation whose principal then could not be deleted
  // would leave the resource half-removed. Through Rewst, Rewst's own user revokes (not judged
  // here); only a principal the consent created is deleted, by the partner user.
  const deletesPrincipal = target.keepServicePrincipal !== true && !!target.createdServicePrincipalObjectId;
  const actions = consentActions(
    { ...target, keepServicePrincipal: !deletesPrincipal },
    "delete",
    WELL_KNOWN_APP_IDS.microsoftGraph,
  ).filter((action) => target.via === "partnerCenter" || action !== "cpvConsentRemoval");
  const access = await microsoft.gdap.access(tenant).catch(() => undefined);
  const noRole = access && missingGdapRole(tenant, access, actions);
  if (noRole)
    throw new ProviderError(
      "GDAP_ROLE_MISSING",
      `${noRole}; nothing was revoked` +
        (deletesPrincipal
          ? ". To revoke the consent but keep the principal it created, set keepServicePrincipal: true"
          : ""),
    );
  if (target.via === "partnerCenter") {
    const correlationId = target.correlationId || randomUUID();
    await microsoft.partnerCenter.deleteConsent(tenant, target.applicationId, correlationId);
  } else {
    await session.rewst.client.consent("REVOKE", packConfigFor(target, session), [tenant], []);
  }
  microsoft.noteRevoked(tenant, target.applicationId);
  // Offboarding, in order: the consent above, then the principal it created (a mapping that
  // depends on this consent is unlinked after). A kept or adopted principal stays.
  if (target.keepServicePrincipal !== true)
    await removeServicePrincipal(
      microsoft,
      tenant,
      target.applicationId,
      target.createdServicePrincipalObjectId,
    );
}
