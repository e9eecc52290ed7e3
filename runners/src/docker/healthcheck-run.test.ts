import { describe, expect, it } from 'vitest';
import { healthcheckDue } from './healthcheck-run';

const began = Date.parse('2026-11-29T12:00:00Z');
const withCheck = (interval?: number, lastEnd?: string) => ({
  Config: { Healthcheck: { Test: ['CMD-SHELL', 'curl -f localhost'], Interval: interval } },
  State: { Health: { Status: 'starting', Log: lastEnd ? [{ End: lastEnd }] : null } },
});

describe('healthcheckDue', () => {
  it('is never due for a container without a healthcheck, or with it switched off', () => {
    expect(healthcheckDue({ Config: {} }, began + 60_000, began)).toBe(false);
    expect(healthcheckDue({ Config: { Healthcheck: { Test: ['NONE'] } } }, began + 60_000, began)).toBe(
      false,
    );
  });

  it('runs the first check one interval after the wait began, as the engine would', () => {
    expect(healthcheckDue(withCheck(2e9), began + 1_999, began)).toBe(false);
    expect(healthcheckDue(withCheck(2e9), began + 2_000, began)).toBe(true);
  });

  it('uses the 30 s default when the healthcheck names no interval', () => {
    expect(healthcheckDue(withCheck(), began + 29_000, began)).toBe(false);
    expect(healthcheckDue(withCheck(0), began + 30_000, began)).toBe(true);
  });

  it('leaves the check to the engine when it ran one within the interval (systemd timers work)', () => {
    const ranAt = '2026-11-29T12:00:09.500000000Z';
    expect(healthcheckDue(withCheck(1e9), began + 10_000, began)).toBe(true);
    expect(healthcheckDue(withCheck(1e9, ranAt), began + 10_000, began)).toBe(false);
    expect(healthcheckDue(withCheck(1e9, ranAt), began + 10_500, began)).toBe(true);
  });
});
