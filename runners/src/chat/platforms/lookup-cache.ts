/**
 * Remembers platform lookups (live state, follows, other channels) for a short while: features ask
 * the same question many times a minute (every `!uptime`, every follower-only command), and each
 * answer costs rate-limit points or YouTube quota.
 */
export function createLookupCache(ttlMs = 45_000, maxEntries = 5_000, now: () => number = Date.now) {
  const entries = new Map<string, { at: number; value: Promise<unknown> }>();
  return {
    /** The cached answer for `key`, or a fresh one from `load`; a failed load is not remembered. */
    get<T>(key: string, load: () => Promise<T>): Promise<T> {
      const hit = entries.get(key);
      if (hit && now() - hit.at < ttlMs) return hit.value as Promise<T>;
      if (hit) entries.delete(key);
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
      const value = load();
      entries.set(key, { at: now(), value });
      value.catch(() => {
        if (entries.get(key)?.value === value) entries.delete(key);
      });
      return value;
    },
    /** Drops every answer about one channel (it left, or its live state just changed). */
    forget(prefix: string) {
      for (const key of entries.keys()) if (key.startsWith(prefix)) entries.delete(key);
    },
  };
}
