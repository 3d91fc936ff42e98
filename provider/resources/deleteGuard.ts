import { type Declared, shardOriginSchema, stillDeclared } from "../mappings/handover";
import { claimOf, declaredMappingsFiles } from "./runClaims";

/** What a delete does with the tenant: take the access away, or only forget the resource. */
export type DeleteVerdict = { action: "remove" } | { action: "forget"; reason: string };

/**
 * The one gate before a consent is revoked or a link removed. Access goes only when the user clearly
 * asked: the customer's consent (or link) is declared neither by another resource of this run (a
 * rename, new resource names) nor anywhere in the mappings file the stack reads now (a move to
 * another shard, a retired stack, `pulumi destroy` while the file still lists the customer). A
 * replacement of the same resource goes ahead. A file that cannot be read refuses (fails closed).
 *
 * @param origin the `shardOrigin` the resource recorded (absent: declared without a mappings file,
 *   or by a release before 0.2; with no file in this run either, removing it is the request).
 */
export function judgeDelete(subject: Declared, origin: unknown, what: string): DeleteVerdict {
  const key = subject.kind === "link" ? subject.organizationId : subject.applicationId;
  const claim = claimOf(subject.kind, subject.tenantId, key);
  if (claim === "new")
    return { action: "forget", reason: "another resource of this stack now declares it (a rename)" };
  if (claim === "existing") return { action: "remove" };
  // The file the stack reads now: the one this run's program declared from, else (destroy) the one
  // the resource was declared from (state of releases before 0.2 recorded none).
  const recorded = shardOriginSchema.safeParse(origin);
  const current = declaredMappingsFiles();
  const files = current.length > 0 ? current : recorded.success ? [recorded.data.mappingsFile] : [];
  if (files.length === 0) return { action: "remove" };
  const still = stillDeclared(files, subject, what);
  if (!still) return { action: "remove" };
  return {
    action: "forget",
    reason: `${still.file} still declares it for customer ${still.customer} (${still.stack})`,
  };
}
