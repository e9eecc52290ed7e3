/** In-memory cooldowns (per command per channel, per command per user) of one runner process. */

const pruneEvery = 1_000;

export function createCooldowns(now: () => number) {
  const until = new Map<string, number>();
  let starts = 0;
  return {
    /** Milliseconds left on `key`; 0 when it is free. */
    remaining(key: string): number {
      const end = until.get(key);
      return end === undefined ? 0 : Math.max(0, end - now());
    },
    start(key: string, seconds: number) {
      if (seconds <= 0) return;
      until.set(key, now() + seconds * 1_000);
      if (++starts % pruneEvery === 0) {
        const at = now();
        for (const [k, end] of until) if (end <= at) until.delete(k);
      }
    },
  };
}
export type Cooldowns = ReturnType<typeof createCooldowns>;
