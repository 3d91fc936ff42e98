/** Resource-side helpers shared by the implementations. */
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
