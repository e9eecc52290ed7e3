import { describe, expect, it } from 'vitest';
import { formatUptime, plural, shortId } from './format';

describe('formatUptime', () => {
  const started = '2025-01-01T00:00:00Z';
  const at = (seconds: number) => Date.parse(started) + seconds * 1000;

  it('counts from the start time and moves on as the clock ticks', () => {
    expect(formatUptime(started, at(42))).toBe('42s');
    expect(formatUptime(started, at(43))).toBe('43s');
    expect(formatUptime(started, at(3 * 3600 + 125))).toBe('3h 2m');
    expect(formatUptime(started, at(2 * 86400 + 5 * 3600))).toBe('2d 5h');
  });

  it('shows a dash for containers that never started, including the zero time Docker reports', () => {
    expect(formatUptime(null)).toBe('—');
    expect(formatUptime('0001-01-01T00:00:00Z')).toBe('—');
    expect(formatUptime('not a date')).toBe('—');
  });

  it('never goes negative when the browser clock is behind the server', () => {
    expect(formatUptime(started, at(-5))).toBe('0s');
  });
});

describe('shortId and plural', () => {
  it('prints ids the way docker does', () => {
    expect(shortId('sha256:0123456789abcdef0123')).toBe('0123456789ab');
    expect(shortId('fedcba9876543210')).toBe('fedcba987654');
  });

  it('picks the singular only for one', () => {
    expect(plural(1, 'container')).toBe('1 container');
    expect(plural(0, 'container')).toBe('0 containers');
    expect(plural(2, 'copy', 'copies')).toBe('2 copies');
  });
});
