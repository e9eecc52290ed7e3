/** Support hours are read in the guild's timezone, not the server's. */
import { describe, expect, it } from 'vitest';
import { withinSupportHours } from './hours';

const weekdays = { days: [1, 2, 3, 4, 5], from: '09:00', to: '17:00' };

describe('support hours', () => {
  it('judges the same instant by the guild timezone', () => {
    // Monday 2026-03-02 15:30 UTC: 16:30 in Berlin (open), 10:30 in New York (open), 00:30 Tuesday in Tokyo (closed).
    const at = new Date('2026-03-02T15:30:00Z');
    expect(withinSupportHours(weekdays, 'Europe/Berlin', at)).toBe(true);
    expect(withinSupportHours(weekdays, 'America/New_York', at)).toBe(true);
    expect(withinSupportHours(weekdays, 'Asia/Tokyo', at)).toBe(false);
    // 16:30 UTC is 17:30 in Berlin: closed there, still open in New York.
    const later = new Date('2026-03-02T16:30:00Z');
    expect(withinSupportHours(weekdays, 'Europe/Berlin', later)).toBe(false);
    expect(withinSupportHours(weekdays, 'America/New_York', later)).toBe(true);
  });

  it('uses the local weekday: Friday evening UTC is already Saturday in Auckland', () => {
    const allDay = { days: [5], from: '00:00', to: '23:59' };
    const at = new Date('2026-03-06T20:00:00Z');
    expect(withinSupportHours(allDay, 'UTC', at)).toBe(true);
    expect(withinSupportHours(allDay, 'Pacific/Auckland', at)).toBe(false);
  });

  it('runs an overnight window into the next morning of the day it starts on', () => {
    const nights = { days: [5], from: '22:00', to: '06:00' };
    expect(withinSupportHours(nights, 'UTC', new Date('2026-03-06T23:00:00Z'))).toBe(true);
    expect(withinSupportHours(nights, 'UTC', new Date('2026-03-07T05:00:00Z'))).toBe(true);
    expect(withinSupportHours(nights, 'UTC', new Date('2026-03-07T07:00:00Z'))).toBe(false);
    expect(withinSupportHours(nights, 'UTC', new Date('2026-03-06T05:00:00Z'))).toBe(false);
  });

  it('treats no hours as staffed around the clock', () => {
    expect(withinSupportHours(null, 'UTC', new Date('2026-03-08T03:00:00Z'))).toBe(true);
  });
});
