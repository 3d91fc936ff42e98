import * as fs from "fs";

import { z } from "zod";

import { projectPath } from "../config/projectPath";
import { sameId } from "../domain/identifiers";
import { ProviderError, causeOf } from "../errors";
import { loadMappings } from "./load";
import type { ResolvedMappings } from "./resolve";
import { shardOf } from "./shards";

/**
 * Which mappings file, read by which stack, declared a resource. Deletes read that file again (or
 * the one the current run declares from): a customer still in it is never offboarded by a delete.
 * The field keeps its historical name `shardOrigin`; unsharded files record the stack's name.
 */
export const shardOriginSchema = z.strictObject({
  /** The mappings file, as the program named it (relative paths start at the project). */
  mappingsFile: z.string().min(1),
  /** The stack that declared the resource (its shard in a sharded file). */
  shard: z.string().min(1),
});
export type ShardOrigin = z.infer<typeof shardOriginSchema>;

/** Whether two resources' recorded origins are the same (both absent counts as the same). */
export const sameShardOrigin = (a: unknown, b: unknown): boolean =>
  JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The file as last parsed, per path and modification time: offboarding a fleet deletes many at once. */
const parsedFiles = new Map<string, { mtimeMs: number; mappings: ResolvedMappings }>();

function loadOnce(file: string): ResolvedMappings {
  const mtimeMs = fs.statSync(file).mtimeMs;
  const cached = parsedFiles.get(file);
  if (cached?.mtimeMs === mtimeMs) return cached.mappings;
  const mappings = loadMappings(file);
  parsedFiles.set(file, { mtimeMs, mappings });
  return mappings;
}

/** What a delete would take away: a consent of an app, the link of an organization, an app's principal. */
export type Declared =
  | { kind: "consent"; tenantId: string; applicationId: string }
  | { kind: "link"; tenantId: string; organizationId: string }
  | { kind: "app"; tenantId: string; applicationId: string };

/** Where a mappings file still declares what a delete would take away. */
export interface StillDeclared {
  file: string;
  customer: string;
  /** The stack that declares it now (the file's shard for the customer, or "every stack" unsharded). */
  stack: string;
}

/**
 * Whether any of the files still declares the consent, link or enterprise application (in any
 * shard). A file that cannot
 * be read or parsed fails closed: MAPPINGS_UNREADABLE, so the delete writes nothing.
 */
export function stillDeclared(
  files: readonly string[],
  subject: Declared,
  what: string,
): StillDeclared | undefined {
  for (const file of files) {
    let mappings: ResolvedMappings;
    try {
      mappings = loadOnce(projectPath(file));
    } catch (error) {
      const cause = causeOf(error);
      throw new ProviderError(
        "MAPPINGS_UNREADABLE",
        `${what} (tenant ${subject.tenantId}) was declared from ${file}, which cannot be read now (${cause.split("\n")[0]}); ` +
          "nothing was revoked or unlinked. Restore the file (without the customer, to offboard it), " +
          "or forget the resource without touching the tenant: pulumi state delete <urn>",
      );
    }
    if (subject.kind === "app") {
      const app = mappings.enterpriseApplications.find(
        (a) => sameId(a.tenantId, subject.tenantId) && sameId(a.applicationId, subject.applicationId),
      );
      if (app)
        return {
          file,
          customer: app.name,
          stack: app.shard ?? mappings.shards?.[0] ?? "every stack that reads it",
        };
      continue;
    }
    const customer = mappings.customers.find((c) => sameId(c.tenantId, subject.tenantId));
    if (!customer) continue;
    const declared =
      subject.kind === "consent"
        ? customer.consent !== undefined && sameId(customer.consent.applicationId, subject.applicationId)
        : customer.organizations.some((org) => sameId(org, subject.organizationId));
    if (!declared) continue;
    return {
      file,
      customer: customer.name,
      stack: mappings.shards ? shardOf(customer, mappings.shards) : "every stack that reads it",
    };
  }
  return undefined;
}
