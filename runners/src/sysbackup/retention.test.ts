import { describe, expect, it } from 'vitest';
import { parseRetention, planRetention, type RetentionCandidate } from './retention';

/** One good backup a day at 03:30 UTC for `days` days, ending on `last` (newest first in ids by date). */
function daily(last: string, days: number): RetentionCandidate[] {
  const end = new Date(`${last}T03:30:00Z`).getTime();
  return Array.from({ length: days }, (_, i) => {
    const at = new Date(end - i * 86_400_000);
    return { id: at.toISOString().slice(0, 10), startedAt: at, status: 'done' as const };
  });
}

describe('planRetention (grandfather-father-son)', () => {
  it('keeps 7 daily, 4 weekly (Mondays start weeks) and 6 monthly, newest of each, and removes the rest', () => {
    // 2026-11-29 is a Sunday; 200 days of backups.
    const backups = daily('2026-11-29', 200);
    const plan = planRetention(backups, { daily: 7, weekly: 4, monthly: 6 });
    const kept = [...plan.keep.keys()].sort().reverse();
    expect(kept).toEqual([
      '2026-11-29',
      '2026-11-28',
      '2026-11-27',
      '2026-11-26',
      '2026-11-25',
      '2026-11-24',
      '2026-11-23',
      // Newest of the three weeks before (each ends on a Sunday).
      '2026-11-22',
      '2026-11-15',
      '2026-11-08',
      // Newest of each month before November.
      '2026-10-31',
      '2026-09-30',
      '2026-08-31',
      '2026-07-31',
      '2026-06-30',
    ]);
    expect(plan.keep.get('2026-11-29')).toBe('monthly');
    expect(plan.keep.get('2026-11-22')).toBe('weekly');
    expect(plan.keep.get('2026-11-24')).toBe('daily');
    expect(plan.keep.get('2026-06-30')).toBe('monthly');
    expect(plan.remove).toHaveLength(200 - kept.length);
    expect(plan.remove).not.toContain('2026-11-23');
    expect(plan.remove).toContain('2026-11-21');
  });

  it('keeps only the newest backup of a day that has several', () => {
    const at = (time: string) => new Date(`2026-11-29T${time}Z`);
    const plan = planRetention(
      [
        { id: 'morning', startedAt: at('03:30:00'), status: 'done' },
        { id: 'evening', startedAt: at('20:00:00'), status: 'done' },
      ],
      { daily: 7, weekly: 0, monthly: 0 },
    );
    expect([...plan.keep.keys()]).toEqual(['evening']);
    expect(plan.remove).toEqual(['morning']);
  });

  it('never removes running backups, and lets failed ones neither count nor pile up', () => {
    const at = (day: number) => new Date(Date.UTC(2026, 10, day, 3, 30));
    const plan = planRetention(
      [
        { id: 'running', startedAt: at(29), status: 'running' },
        { id: 'failed-29', startedAt: at(29), status: 'failed' },
        { id: 'failed-28', startedAt: at(28), status: 'failed' },
        { id: 'failed-27', startedAt: at(27), status: 'failed' },
        { id: 'good-26', startedAt: at(26), status: 'done' },
        { id: 'good-25', startedAt: at(25), status: 'done' },
      ],
      { daily: 2, weekly: 0, monthly: 0 },
    );
    expect([...plan.keep.keys()]).toEqual(['good-26', 'good-25']);
    expect(plan.remove).toEqual(['failed-27']);
  });

  it('reads SYSTEM_BACKUP_KEEP and names the variable when it is wrong', () => {
    expect(parseRetention('7,4,6')).toEqual({ daily: 7, weekly: 4, monthly: 6 });
    expect(parseRetention(' 1, 0 ,12')).toEqual({ daily: 1, weekly: 0, monthly: 12 });
    expect(() => parseRetention('7,4')).toThrow(/SYSTEM_BACKUP_KEEP/);
    expect(() => parseRetention('7,-1,6')).toThrow(/SYSTEM_BACKUP_KEEP/);
  });
});
