import { describe, expect, it } from 'vitest';
import { backoffDelay, nextCrashStreak } from './backoff';

describe('backoffDelay', () => {
  it('doubles from the base up to the ceiling (the supervisor schedule: 1 s to 60 s)', () => {
    const policy = { baseMs: 1_000, maxMs: 60_000 };
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => backoffDelay(n, policy))).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000,
    ]);
  });

  it('stays finite on a very long streak and is zero before any failure', () => {
    expect(backoffDelay(5_000, { baseMs: 1_000, maxMs: 60_000 })).toBe(60_000);
    expect(backoffDelay(0, { baseMs: 1_000, maxMs: 60_000 })).toBe(0);
  });

  it('honours another factor', () => {
    expect(backoffDelay(3, { baseMs: 100, maxMs: 10_000, factor: 3 })).toBe(900);
  });
});

describe('nextCrashStreak', () => {
  it('grows while crashes come quickly and starts over after a stable run', () => {
    expect(nextCrashStreak(0, 0, 60_000)).toBe(1);
    expect(nextCrashStreak(4, 59_999, 60_000)).toBe(5);
    expect(nextCrashStreak(4, 60_000, 60_000)).toBe(1);
  });
});
