import { sameId } from "../domain/identifiers";

type Props = Record<string, unknown>;
const str = (v: unknown) => (typeof v === "string" ? v : "");

/**
 * What a consent leaves in its tenant, for the reviewer: principals of earlier generations, and on
 * a planned removal the principal that stays, because the declaration keeps it or because this
 * consent did not create it (offboarding deletes only what it made).
 */
export function leftoversOf(old: Props | undefined, change: string): string[] {
  const stale = Array.isArray(old?.staleServicePrincipals)
    ? (old.staleServicePrincipals as { objectId?: unknown; appId?: unknown; displayName?: unknown }[]).map(
        (sp) =>
          `stale principal ${str(sp.displayName) || "(unnamed)"} (app ${str(sp.appId)}, object ${str(sp.objectId)})`,
      )
    : [];
  const principal = str(old?.servicePrincipalObjectId);
  const ours = principal !== "" && sameId(str(old?.createdServicePrincipalObjectId), principal);
  const kept =
    change === "delete" && principal && (old?.keepServicePrincipal === true || !ours)
      ? [
          `kept principal of app ${str(old?.applicationId)} (object ${principal}), no consent` +
            (ours ? "" : " (not created by this consent, so never deleted by it)"),
        ]
      : [];
  return [...stale, ...kept];
}
