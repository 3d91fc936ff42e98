import { CLIENT_MAPPING_TYPE, CPV_CONSENT_TYPE, ENTERPRISE_APPLICATION_TYPE } from "../typeTokens";

type Props = Record<string, unknown>;
const str = (v: unknown) => (typeof v === "string" ? v : "");

/** What a planned consent removal does in the tenant, in words. */
function consentRemoval(old: Props): string {
  const channel = old.via === "rewst" ? "through Rewst" : "at Partner Center";
  const principal = str(old.servicePrincipalObjectId);
  const created = str(old.createdServicePrincipalObjectId);
  const deletes =
    principal !== "" &&
    created.toLowerCase() === principal.toLowerCase() &&
    old.keepServicePrincipal !== true;
  return (
    `revokes the consent of ${str(old.applicationId)} in tenant ${str(old.customerTenantId)} ${channel}` +
    (deletes
      ? `, then deletes its service principal ${principal}`
      : principal
        ? ` (its service principal ${principal} stays)`
        : "")
  );
}

/**
 * One planned step in words, for the reviewer of a pull request: what it does to the tenant or to
 * Rewst. A removal of something the mappings file still declares (a rename, a move to another shard)
 * only forgets it; the delete gate decides that when it runs, so the words say what is asked.
 */
export function effectOf(
  type: string,
  op: string,
  old: Props | undefined,
  news: Props | undefined,
  diffs: readonly string[] = [],
): string {
  const props = { ...old, ...news };
  const removal = op === "delete" || op === "replace" || op === "delete-replaced";
  const again = op === "replace" ? ", then " : "";
  if (type === CPV_CONSENT_TYPE) {
    const grant = `consents ${str(props.applicationId)} in tenant ${str(props.customerTenantId)}`;
    if (op === "create") return grant;
    if (removal && old) return `${consentRemoval(old)}${again}${op === "replace" ? grant : ""}`;
    if (op === "update" && diffs.includes("grants"))
      return "brings the grants to the declaration in place through Graph (the consent stays)";
  }
  if (type === CLIENT_MAPPING_TYPE) {
    const org = str(props.organizationId);
    const customer = `${str(old?.companyName) || "customer"} (${str(props.customerTenantId)})`;
    if (op === "create") return `links organization ${org} to ${customer} in Rewst`;
    if (removal)
      return `unlinks organization ${org} from ${customer} in Rewst${again}${op === "replace" ? "links it again" : ""}`;
  }
  if (type === ENTERPRISE_APPLICATION_TYPE) {
    const app = `app ${str(props.applicationId)} in tenant ${str(props.tenantId)}`;
    if (op === "create") return `ensures the service principal of ${app}`;
    if (removal)
      return old?.adopted === false
        ? `deletes the service principal ${str(old.objectId)} of ${app}`
        : `forgets the service principal of ${app} (it was there before: it stays)`;
  }
  return op === "update"
    ? `records ${diffs.join(", ") || "the change"} in state (no request to the tenant)`
    : `${op} (no request described)`;
}
