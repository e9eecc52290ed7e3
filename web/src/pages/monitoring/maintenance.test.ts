import { describe, expect, it } from 'vitest';
import { isoToLocal, localToIso, windowPhase } from './maintenance';

describe('maintenance windows', () => {
  const now = Date.parse('2025-03-31T12:00:00Z');
  it('says whether a window is on, upcoming or over', () => {
    expect(windowPhase({ startsAt: '2025-03-31T11:00:00Z', endsAt: '2025-03-31T13:00:00Z' }, now)).toBe(
      'active',
    );
    expect(windowPhase({ startsAt: '2025-03-31T13:00:00Z', endsAt: '2025-03-31T14:00:00Z' }, now)).toBe(
      'upcoming',
    );
    expect(windowPhase({ startsAt: '2025-03-31T10:00:00Z', endsAt: '2025-03-31T12:00:00Z' }, now)).toBe(
      'over',
    );
  });

  it('turns the form’s local times into ISO and back', () => {
    const local = isoToLocal('2025-03-31T12:34:00Z');
    expect(local).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);
    expect(localToIso(local)).toBe('2025-03-31T12:34:00.000Z');
    expect(localToIso('')).toBeNull();
    expect(localToIso('garbage')).toBeNull();
  });
});
