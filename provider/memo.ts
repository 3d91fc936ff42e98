/** A value computed at most once per TTL; a failure is not remembered. */
export function memo<T>(load: () => Promise<T>, ttlMs: number): () => Promise<T> {
  let cached: { at: number; value: Promise<T> } | undefined;
  return () => {
    if (!cached || Date.now() - cached.at > ttlMs) {
      const entry = { at: Date.now(), value: load() };
      entry.value.catch(() => {
        if (cached === entry) cached = undefined;
      });
      cached = entry;
    }
    return cached.value;
  };
}
