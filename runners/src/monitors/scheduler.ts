/**
 * When each monitor runs: one timer for every monitor (a min-heap of due times), each monitor at a
 * stable offset inside its interval (a hash of its id) so a thousand checks spread over the interval
 * instead of firing together, and at most `concurrency` checks in flight; checks past that wait in
 * due order. The delay between a check's due time and its start is kept in a small histogram.
 */
import { createHash } from 'node:crypto';

export type ScheduledMonitor = { id: string; intervalSeconds: number; paused: boolean };

export type SchedulerOptions = {
  /** Runs one check; the scheduler never starts a monitor again while its previous run is in flight. */
  run(id: string, dueAt: number): Promise<void>;
  concurrency?: number;
  now?: () => number;
};

/** The stable place of a monitor inside its interval, in ms: the same id always gets the same offset. */
export function offsetOf(id: string, intervalMs: number): number {
  const digest = createHash('sha1').update(id).digest();
  return digest.readUInt32BE(0) % intervalMs;
}

/** The first due time strictly after `after` for a monitor at `offsetMs` inside `intervalMs`. */
export function nextDue(after: number, intervalMs: number, offsetMs: number): number {
  const slot = Math.floor((after - offsetMs) / intervalMs) * intervalMs + offsetMs;
  return slot > after ? slot : slot + intervalMs;
}

/**
 * Lag in exponential buckets (×1.25 from 0.1 ms to about a minute): 60 counters are enough for
 * quantiles within 12 %, whatever the number of checks.
 */
export function createLagHistogram() {
  const base = 0.1;
  const factor = 1.25;
  const size = 60;
  let counts = new Array<number>(size + 1).fill(0);
  let count = 0;
  let sum = 0;
  const upper = (i: number) => base * factor ** i;
  return {
    record(ms: number) {
      const value = Math.max(0, ms);
      const index = value <= base ? 0 : Math.min(size, Math.ceil(Math.log(value / base) / Math.log(factor)));
      counts[index] = (counts[index] ?? 0) + 1;
      count += 1;
      sum += value;
    },
    /** The bucket's upper bound holding quantile q (0..1), in ms; null before the first record. */
    quantile(q: number): number | null {
      if (count === 0) return null;
      const rank = Math.max(1, Math.ceil(q * count));
      let seen = 0;
      for (let i = 0; i <= size; i++) {
        seen += counts[i] ?? 0;
        if (seen >= rank) return upper(i);
      }
      return upper(size);
    },
    get count() {
      return count;
    },
    get sumMs() {
      return sum;
    },
    reset() {
      counts = new Array<number>(size + 1).fill(0);
      count = 0;
      sum = 0;
    },
  };
}
export type LagHistogram = ReturnType<typeof createLagHistogram>;

type Entry = { id: string; intervalMs: number; offsetMs: number; dueAt: number; generation: number };

export function createScheduler(options: SchedulerOptions) {
  const concurrency = options.concurrency ?? 64;
  const now = options.now ?? Date.now;
  const lag = createLagHistogram();
  const entries = new Map<string, Entry>();
  const heap: Entry[] = [];
  const ready: Entry[] = [];
  const running = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let timerAt = Number.POSITIVE_INFINITY;
  let stopped = false;
  let generation = 0;
  let maxInFlight = 0;
  let skipped = 0;

  const less = (a: Entry, b: Entry) => a.dueAt < b.dueAt;
  function push(entry: Entry) {
    heap.push(entry);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!less(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }
  function pop(): Entry | undefined {
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0 && last) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let smallest = i;
        if (l < heap.length && less(heap[l]!, heap[smallest]!)) smallest = l;
        if (r < heap.length && less(heap[r]!, heap[smallest]!)) smallest = r;
        if (smallest === i) break;
        [heap[i], heap[smallest]] = [heap[smallest]!, heap[i]!];
        i = smallest;
      }
    }
    return top;
  }

  function arm() {
    if (stopped) return;
    // Entries replaced or removed stay in the heap until they surface; drop them here.
    while (heap.length > 0 && entries.get(heap[0]!.id) !== heap[0]) pop();
    const first = heap[0];
    if (!first) return;
    if (first.dueAt >= timerAt && timer) return;
    clearTimeout(timer);
    timerAt = first.dueAt;
    timer = setTimeout(fire, Math.max(0, first.dueAt - now()));
  }

  function fire() {
    timer = undefined;
    timerAt = Number.POSITIVE_INFINITY;
    const t = now();
    while (heap.length > 0 && heap[0]!.dueAt <= t) {
      const entry = pop()!;
      if (entries.get(entry.id) !== entry) continue;
      ready.push(entry);
      const next = { ...entry, dueAt: nextDue(entry.dueAt, entry.intervalMs, entry.offsetMs) };
      entries.set(entry.id, next);
      push(next);
    }
    drain();
    arm();
  }

  function drain() {
    while (!stopped && running.size < concurrency && ready.length > 0) {
      const entry = ready.shift()!;
      if (!entries.has(entry.id) || entries.get(entry.id)?.generation !== entry.generation) continue;
      // A check still running when its next turn comes (a slow timeout) is skipped, not doubled.
      if (running.has(entry.id)) {
        skipped += 1;
        continue;
      }
      start(entry.id, entry.dueAt);
    }
  }

  function start(id: string, dueAt: number) {
    running.add(id);
    maxInFlight = Math.max(maxInFlight, running.size);
    lag.record(now() - dueAt);
    void options
      .run(id, dueAt)
      .catch(() => {})
      .finally(() => {
        running.delete(id);
        drain();
      });
  }

  return {
    /** Replaces the set of monitors; unchanged ones keep their place, paused ones leave the wheel. */
    load(monitors: ScheduledMonitor[]) {
      const seen = new Set<string>();
      for (const monitor of monitors) {
        seen.add(monitor.id);
        this.upsert(monitor);
      }
      for (const id of [...entries.keys()]) if (!seen.has(id)) entries.delete(id);
      arm();
    },
    upsert(monitor: ScheduledMonitor) {
      if (monitor.paused) {
        entries.delete(monitor.id);
        return;
      }
      const intervalMs = monitor.intervalSeconds * 1000;
      const current = entries.get(monitor.id);
      if (current && current.intervalMs === intervalMs) return;
      const offsetMs = offsetOf(monitor.id, intervalMs);
      generation += 1;
      const entry = {
        id: monitor.id,
        intervalMs,
        offsetMs,
        dueAt: nextDue(now(), intervalMs, offsetMs),
        generation,
      };
      entries.set(monitor.id, entry);
      push(entry);
      arm();
    },
    remove(id: string) {
      entries.delete(id);
    },
    /** The due time of a monitor's next run, for tests and the detail view. */
    dueAt: (id: string) => entries.get(id)?.dueAt ?? null,
    get size() {
      return entries.size;
    },
    get inFlight() {
      return running.size;
    },
    get waiting() {
      return ready.length;
    },
    lag,
    stats: () => ({
      monitors: entries.size,
      inFlight: running.size,
      waiting: ready.length,
      maxInFlight,
      skipped,
    }),
    stop() {
      stopped = true;
      clearTimeout(timer);
      entries.clear();
      heap.length = 0;
      ready.length = 0;
    },
  };
}
export type Scheduler = ReturnType<typeof createScheduler>;
