/** Resource-side helpers shared by the implementations. */
import type { z } from "zod";

import type { PropertyBag } from "../dynamic/contract";

const locks = new Map<string, Promise<unknown>>();

/**
 * Runs `work` once every earlier call with the same key has settled (one provider process runs
 * many creates at once; two of them for one Rewst organization must not interleave).
 */
export function withLock<T>(key: string, work: () => Promise<T>): Promise<T> {
  const previous = locks.get(key) ?? Promise.resolve();
  const run = previous.then(work, work);
  const settled = run.catch(() => undefined);
  locks.set(key, settled);
  void settled.then(() => {
    if (locks.get(key) === settled) locks.delete(key);
  });
  return run;
}

/**
 * The inputs a resource's state alone records (the file and stack that declare it, what removal
 * keeps): changing them sends no request. `only` keeps those whose value its schema accepts, as
 * properties to spread (absent, never undefined: the engine rejects undefined); `without` drops them.
 */
export function stateOnlyInputs(fields: Readonly<Record<string, z.ZodType>>) {
  const keys = Object.keys(fields);
  return {
    keys,
    only: (props: PropertyBag): PropertyBag =>
      Object.fromEntries(
        Object.entries(props).flatMap(([key, value]) => {
          if (!keys.includes(key) || value === undefined) return [];
          const parsed = fields[key].safeParse(value);
          return parsed.success ? [[key, parsed.data]] : [];
        }),
      ),
    without: (props: PropertyBag): PropertyBag =>
      Object.fromEntries(Object.entries(props).filter(([key]) => !keys.includes(key))),
  };
}

/**
 * Stored props with, for each field an earlier release did not record (absent or null), the value
 * that keeps its old meaning: the first step of every resource's `upgrade`.
 */
export const withEarlierDefaults = (props: PropertyBag, defaults: PropertyBag): PropertyBag => ({
  ...defaults,
  ...Object.fromEntries(Object.entries(props).filter(([, value]) => value !== undefined && value !== null)),
});

/**
 * A resource's stored outputs with the inputs its state alone records (`keys`) taken from the
 * declaration: an update that sends no request. One absent from the declaration is absent here.
 */
export function withStateOnlyInputs<T extends object>(olds: T, news: object, keys: readonly string[]): T {
  const kept = Object.entries(olds).filter(([key]) => !keys.includes(key));
  const taken = Object.entries(news).filter(([key, value]) => keys.includes(key) && value !== undefined);
  return Object.fromEntries([...kept, ...taken]) as T;
}

/** The input every resource's state alone records: the mappings file and stack that declare it. */
export const SHARD_ORIGIN = ["shardOrigin"] as const;
