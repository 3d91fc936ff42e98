import { createHash } from "crypto";

import { ProviderError } from "../errors";
import type { ResolvedCustomer, ResolvedMappings } from "./resolve";

type EnterpriseApplicationEntry = ResolvedMappings["enterpriseApplications"][number];

/** What one stack declares of a (possibly sharded) mappings file. */
export interface ShardSelection {
  /** The stack's shard, or undefined when the file is not sharded. */
  shard?: string;
  shards: string[];
  customers: ResolvedCustomer[];
  /** Enterprise applications this stack creates and deletes. */
  managedApplications: EnterpriseApplicationEntry[];
  /** Enterprise applications another shard manages, which this stack only reads (for its policies). */
  readApplications: EnterpriseApplicationEntry[];
}

const weight = (tenantId: string, shard: string): string =>
  createHash("sha256").update(`${tenantId.toLowerCase()}\n${shard}`).digest("hex");

/**
 * The shard of a customer: its pin, or rendezvous hashing of its tenant id over the shard names.
 * Each customer has exactly one shard. Adding a shard moves only the customers it wins (about
 * 1/n); removing one moves only its own; reordering the list moves none.
 */
export function shardOf(
  customer: Pick<ResolvedCustomer, "tenantId" | "shard">,
  shards: readonly string[],
): string {
  if (customer.shard) return customer.shard;
  let best = shards[0];
  for (const shard of shards.slice(1))
    if (weight(customer.tenantId, shard) > weight(customer.tenantId, best)) best = shard;
  return best;
}

/**
 * The part of the file the stack `stack` declares. The shard is the stack's own name, so two
 * stacks of one project never declare the same customer: each customer has one shard, and a
 * stack name is unique.
 */
export function selectShard(mappings: ResolvedMappings, stack: string, file: string): ShardSelection {
  const shards = mappings.shards;
  if (!shards)
    return {
      shards: [],
      customers: mappings.customers,
      managedApplications: mappings.enterpriseApplications,
      readApplications: [],
    };
  if (!shards.includes(stack))
    throw new ProviderError(
      "SHARD_NOT_LISTED",
      `${file} splits the fleet across the stacks ${shards.join(", ")} (shards:), and this stack is ${stack}; ` +
        "run it as one of those stacks, or add its name to shards",
    );
  const home = (app: EnterpriseApplicationEntry) => (app.shard ?? shards[0]) === stack;
  return {
    shard: stack,
    shards,
    customers: mappings.customers.filter((customer) => shardOf(customer, shards) === stack),
    managedApplications: mappings.enterpriseApplications.filter(home),
    readApplications: mappings.enterpriseApplications.filter((app) => !home(app)),
  };
}
