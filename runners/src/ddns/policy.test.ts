import { describe, expect, it } from 'vitest';
import { needsAttention, retryDelayMs, shouldUpdate } from './policy';

const now = new Date('2026-01-01T12:00:00Z');
const record = { enabled: true, lastIp: '1.1.1.1', lastStatus: 'updated', nextAttemptAt: null };

describe('retryDelayMs', () => {
  it('climbs 1, 5, 15, 60 minutes and stays at an hour', () => {
    expect([0, 1, 2, 3, 4, 9].map(retryDelayMs)).toEqual([0, 60_000, 300_000, 900_000, 3_600_000, 3_600_000]);
  });
});

describe('shouldUpdate', () => {
  it('sends only a new address, or to a record that never succeeded', () => {
    expect(shouldUpdate(record, '1.1.1.1', now)).toBe(false);
    expect(shouldUpdate(record, '2.2.2.2', now)).toBe(true);
    expect(shouldUpdate({ ...record, lastIp: null, lastStatus: null }, '1.1.1.1', now)).toBe(true);
  });

  it('waits out a backoff, and leaves disabled or needs-a-person records alone', () => {
    expect(shouldUpdate({ ...record, nextAttemptAt: '2026-01-01T12:01:00Z' }, '2.2.2.2', now)).toBe(false);
    expect(shouldUpdate({ ...record, nextAttemptAt: '2026-01-01T11:59:00Z' }, '2.2.2.2', now)).toBe(true);
    expect(shouldUpdate({ ...record, enabled: false }, '2.2.2.2', now)).toBe(false);
    expect(shouldUpdate({ ...record, lastStatus: needsAttention }, '2.2.2.2', now)).toBe(false);
  });
});
