/**
 * Remembers the nonces of accepted calls for as long as their timestamp could still pass the skew
 * check, so a captured call replayed within that window is refused too.
 */

export function createNonceCache(ttlMs: number) {
  const seen = new Map<string, number>();
  let nextSweep = 0;

  function sweep(now: number) {
    if (now < nextSweep) return;
    nextSweep = now + Math.min(ttlMs, 10_000);
    // Insertion order is expiry order (same TTL for all), so stop at the first live entry.
    for (const [nonce, expires] of seen) {
      if (expires > now) break;
      seen.delete(nonce);
    }
  }

  return {
    /** True the first time a nonce is offered within its lifetime, false for a replay. */
    remember(nonce: string, now = Date.now()) {
      sweep(now);
      const expires = seen.get(nonce);
      if (expires !== undefined && expires > now) return false;
      seen.delete(nonce);
      seen.set(nonce, now + ttlMs);
      return true;
    },
    get size() {
      return seen.size;
    },
  };
}
