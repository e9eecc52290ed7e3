import { describe, expect, it } from 'vitest';
import { formatSince, formatUptime } from './durations';

describe('durations in chat', () => {
  it('says uptime in its two largest units', () => {
    expect(formatUptime(45 * 60_000)).toBe('45m');
    expect(formatUptime((2 * 60 + 5) * 60_000)).toBe('2h 5m');
    expect(formatUptime((3 * 24 + 4) * 3_600_000)).toBe('3d 4h');
  });

  it('says follow age in calendar units', () => {
    const now = new Date('2025-03-15T12:00:00Z');
    expect(formatSince(new Date('2024-01-10T00:00:00Z'), now)).toBe('1 year, 2 months');
    expect(formatSince(new Date('2025-01-10T00:00:00Z'), now)).toBe('2 months, 5 days');
    expect(formatSince(new Date('2025-03-14T00:00:00Z'), now)).toBe('1 day');
    expect(formatSince(new Date('2025-03-15T09:00:00Z'), now)).toBe('3 hours');
  });
});
