import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../testing/helpers';
import { createLagHistogram, createScheduler, nextDue, offsetOf } from './scheduler';

describe('due times', () => {
  it('gives each monitor the same offset every time, inside its interval', () => {
    const id = randomUUID();
    expect(offsetOf(id, 20_000)).toBe(offsetOf(id, 20_000));
    expect(offsetOf(id, 20_000)).toBeGreaterThanOrEqual(0);
    expect(offsetOf(id, 20_000)).toBeLessThan(20_000);
  });

  it('spreads a thousand monitors over their interval instead of firing them together', () => {
    const slots = new Array<number>(20).fill(0);
    for (let i = 0; i < 1_000; i++) slots[Math.floor(offsetOf(randomUUID(), 20_000) / 1_000)]! += 1;
    // 50 a second on average; a hash keeps every second far from empty or crowded.
    expect(Math.min(...slots)).toBeGreaterThan(20);
    expect(Math.max(...slots)).toBeLessThan(90);
  });

  it("finds the next due time strictly after a moment, on the monitor's own slots", () => {
    expect(nextDue(0, 20_000, 5_000)).toBe(5_000);
    expect(nextDue(5_000, 20_000, 5_000)).toBe(25_000);
    expect(nextDue(24_999, 20_000, 5_000)).toBe(25_000);
    expect(nextDue(1_000_003, 20_000, 0) % 20_000).toBe(0);
  });
});

describe('lag histogram', () => {
  it('answers quantiles within a bucket of the truth', () => {
    const lag = createLagHistogram();
    expect(lag.quantile(0.5)).toBeNull();
    for (let ms = 1; ms <= 100; ms++) lag.record(ms);
    expect(lag.count).toBe(100);
    expect(lag.quantile(0.5)!).toBeGreaterThanOrEqual(50);
    expect(lag.quantile(0.5)!).toBeLessThan(50 * 1.25 + 0.01);
    expect(lag.quantile(0.99)!).toBeGreaterThanOrEqual(99);
    expect(lag.sumMs).toBe(5_050);
  });
});

describe('scheduler', () => {
  it('runs every monitor on its interval, never more than `concurrency` at once', async () => {
    let inFlight = 0;
    let most = 0;
    const runs = new Map<string, number>();
    const scheduler = createScheduler({
      concurrency: 3,
      run: async (id) => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 15));
        runs.set(id, (runs.get(id) ?? 0) + 1);
        inFlight -= 1;
      },
    });
    const ids = Array.from({ length: 12 }, () => randomUUID());
    // 50 ms intervals: every check is due about as often as three can run, so they queue.
    scheduler.load(ids.map((id) => ({ id, intervalSeconds: 0.05, paused: false })));
    try {
      expect(await waitFor(() => ids.every((id) => (runs.get(id) ?? 0) >= 2), 5_000)).toBe(true);
      expect(most).toBe(3);
      expect(scheduler.stats().maxInFlight).toBe(3);
      expect(scheduler.lag.count).toBeGreaterThanOrEqual(24);
    } finally {
      scheduler.stop();
    }
  });

  it('leaves paused and removed monitors out', async () => {
    const runs: string[] = [];
    const scheduler = createScheduler({ run: async (id) => void runs.push(id) });
    const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];
    scheduler.load([
      { id: a, intervalSeconds: 0.02, paused: false },
      { id: b, intervalSeconds: 0.02, paused: true },
      { id: c, intervalSeconds: 0.02, paused: false },
    ]);
    scheduler.remove(c);
    try {
      expect(await waitFor(() => runs.filter((id) => id === a).length >= 3)).toBe(true);
      expect(runs).not.toContain(b);
      expect(runs).not.toContain(c);
      expect(scheduler.size).toBe(1);
    } finally {
      scheduler.stop();
    }
  });

  it('skips a turn rather than running a monitor twice at once', async () => {
    let inFlight = 0;
    let most = 0;
    let release!: () => void;
    const slow = new Promise<void>((resolve) => {
      release = resolve;
    });
    const scheduler = createScheduler({
      run: async () => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        await slow;
        inFlight -= 1;
      },
    });
    scheduler.load([{ id: randomUUID(), intervalSeconds: 0.01, paused: false }]);
    try {
      expect(await waitFor(() => scheduler.stats().skipped >= 3)).toBe(true);
      expect(most).toBe(1);
    } finally {
      release();
      scheduler.stop();
    }
  });
});
