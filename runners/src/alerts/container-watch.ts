/**
 * What the container rules need to remember between evaluations: since when each container has been
 * unhealthy, and when its restart count went up. The engine only reports a current state and a
 * running total, so this memory turns them into "for five minutes" and "three times in an hour".
 * Pure: fed with summaries, tested without an engine.
 */

export type ContainerFacts = { id: string; name: string; health: string; restartCount: number };

type Seen = { name: string; unhealthySince: number | null; restartCount: number; restarts: number[] };

export type ContainerWatch = {
  /** Takes one look at every container; containers no longer listed are forgotten. */
  observe(containers: ContainerFacts[], now: number): void;
  /** Containers unhealthy without a break for at least `durationSeconds`. */
  unhealthyFor(durationSeconds: number, now: number): { name: string; sinceMs: number }[];
  /** Containers that restarted more than `threshold` times within the last `durationSeconds`. */
  restartedMoreThan(
    threshold: number,
    durationSeconds: number,
    now: number,
  ): { name: string; restarts: number }[];
};

/** Restart times are kept this long: the longest window a rule may have. */
const keepMs = 86_400_000;

export function createContainerWatch(): ContainerWatch {
  const seen = new Map<string, Seen>();

  return {
    observe(containers, now) {
      const present = new Set<string>();
      for (const container of containers) {
        present.add(container.id);
        const previous = seen.get(container.id);
        const unhealthy = container.health === 'unhealthy';
        if (!previous) {
          // The first look sets the baseline: restarts from before we watched are not counted.
          seen.set(container.id, {
            name: container.name,
            unhealthySince: unhealthy ? now : null,
            restartCount: container.restartCount,
            restarts: [],
          });
          continue;
        }
        previous.name = container.name;
        previous.unhealthySince = unhealthy ? (previous.unhealthySince ?? now) : null;
        const added = container.restartCount - previous.restartCount;
        // A lower count means the container was recreated under the same id's place: a new baseline.
        for (let i = 0; i < added; i++) previous.restarts.push(now);
        previous.restartCount = container.restartCount;
        previous.restarts = previous.restarts.filter((at) => now - at <= keepMs);
      }
      for (const id of seen.keys()) if (!present.has(id)) seen.delete(id);
    },
    unhealthyFor(durationSeconds, now) {
      const out: { name: string; sinceMs: number }[] = [];
      for (const entry of seen.values()) {
        if (entry.unhealthySince === null) continue;
        const forMs = now - entry.unhealthySince;
        if (forMs >= durationSeconds * 1000) out.push({ name: entry.name, sinceMs: forMs });
      }
      return out;
    },
    restartedMoreThan(threshold, durationSeconds, now) {
      const out: { name: string; restarts: number }[] = [];
      for (const entry of seen.values()) {
        const restarts = entry.restarts.filter((at) => now - at <= durationSeconds * 1000).length;
        if (restarts > threshold) out.push({ name: entry.name, restarts });
      }
      return out;
    },
  };
}
