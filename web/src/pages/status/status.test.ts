import { describe, expect, it } from 'vitest';
import { overallState, statusBars } from './status';

const m = (state: string) => ({ name: state, state });

describe('overallState', () => {
  it('reads the headline from the services’ states', () => {
    expect(overallState({ monitors: [m('up'), m('up')] })).toBe('up');
    expect(overallState({ monitors: [m('up'), m('down')] })).toBe('degraded');
    expect(overallState({ monitors: [m('down'), m('paused')] })).toBe('down');
    expect(overallState({ monitors: [m('up'), m('maintenance')] })).toBe('maintenance');
    expect(overallState({ monitors: [m('pending')] })).toBe('unknown');
    expect(overallState({ monitors: [] })).toBe('unknown');
  });

  it('draws 90 bars from the daily ratios, empty without any', () => {
    const now = Date.parse('2025-03-31T12:00:00Z');
    const bars = statusBars({ name: 'x', state: 'up', days: [{ date: '2025-03-31', uptime: 1 }] }, now);
    expect(bars).toHaveLength(90);
    expect(bars.at(-1)!.look).toBe('up');
    expect(statusBars({ name: 'x', state: 'up' }, now).every((b) => b.look === 'none')).toBe(true);
  });
});
