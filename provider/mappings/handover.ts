import * as fs from "fs";

import { z } from "zod";

import { projectPath } from "../config/projectPath";
import { ProviderError } from "../errors";
import { loadMappings } from "./load";
import { shardOf } from "./shards";

/**
 * Which shard of which mappings file declared a resource. Deletes read the file again: a customer
 * that is still in it belongs to another shard now, and removing its consent or link here would
 * take away what the other stack manages.
 */
export const shardOriginSchema = z.strictObject({
  /** The mappings file, as the program named it (relative paths start at the project). */
  mappingsFile: z.string().min(1),
  /** The stack (shard) that declared the resource. */
  shard: z.string().min(1),
});
export type ShardOrigin = z.infer<typeof shardOriginSchema>;

/** Whether two resources' recorded origins are the same (both absent counts as the same). */
export const sameShardOrigin = (a: unknown, b: unknown): boolean =>
  JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The file as last parsed, per path and modification time: offboarding a fleet deletes many at once. */
const parsedFiles = new Map<string, { mtimeMs: number; mappings: ReturnType<typeof loadMappings> }>();

function loadOnce(file: string): ReturnType<typeof loadMappings> {
  const mtimeMs = fs.statSync(file).mtimeMs;
  const cached = parsedFiles.get(file);
  if (cached?.mtimeMs === mtimeMs) return cached.mappings;
  const mappings = loadMappings(file);
  parsedFiles.set(file, { mtimeMs, mappings });
  return mappings;
}

/**
 * Throws SHARD_MOVE_REFUSED when the customer of a resource being deleted is still in the mappings
 * file under another shard: the resource must move with `pulumi state move`, not be deleted. A
 * customer removed from the file (offboarding), or a file that cannot be read, lets the delete go on.
 */
export function refuseDeleteOfMovedCustomer(origin: unknown, tenantId: string, resource: string): void {
  const parsed = shardOriginSchema.safeParse(origin);
  if (!parsed.success) return;
  let mappings;
  try {
    mappings = loadOnce(projectPath(parsed.data.mappingsFile));
  } catch {
    return;
  }
  const customer = mappings.customers.find((c) => c.tenantId.toLowerCase() === tenantId.toLowerCase());
  if (!customer || !mappings.shards) return;
  const now = shardOf(customer, mappings.shards);
  if (now === parsed.data.shard) return;
  throw new ProviderError(
    "SHARD_MOVE_REFUSED",
    `${resource} of customer ${customer.name} (tenant ${tenantId}) was declared by stack ${parsed.data.shard}, ` +
      `and ${parsed.data.mappingsFile} now puts the customer in shard ${now}; deleting it here would take it away from ${now}. ` +
      `Move it instead: pulumi state move --source ${parsed.data.shard} --dest ${now} <its URNs> ` +
      `(or, if ${now} already manages it, forget it here: pulumi state delete <urn> --stack ${parsed.data.shard}, ` +
      "the consent before the mappings it depends on)",
  );
}
