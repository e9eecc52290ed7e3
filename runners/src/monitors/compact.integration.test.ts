import type { Pool } from '@homelab/db/client/pool';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { privateDatabaseUrl, testPool } from '../testing/database';
import { compactResults, resultCutoffs } from './compact';

// Compaction reaches every row of monitor_results, so this file has a database of its own; the
// 2100 timeline keeps the rows clear of anything checked at the real time.
const now = new Date('2100-01-10T12:00:30.000Z');
const databaseUrl = await privateDatabaseUrl();
let pool: Pool;
let monitorId: string;

async function insert(resolution: string, at: string, checks: number, up: number, latency: number | null) {
  await pool.sql`
    insert into monitor_results (monitor_id, resolution, at, checks, up_checks, latency_avg_ms, latency_max_ms, message)
    values (${monitorId}, ${resolution}, ${at}, ${checks}, ${up}, ${latency}, ${latency}, ${resolution === 'raw' ? 'ok' : null})`;
}

async function rows() {
  return pool.sql<
    { resolution: string; at: string; checks: number; up: number; avg: number | null; max: number | null }[]
  >`
    select resolution, to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS') as at, checks, up_checks as up,
      latency_avg_ms as avg, latency_max_ms as max
    from monitor_results order by resolution, at`;
}

beforeAll(async () => {
  pool = testPool(databaseUrl);
  const [row] = await pool.sql<{ id: string }[]>`
    insert into monitors (name, type, config) values ('compacted', 'tcp', '{"type":"tcp","host":"127.0.0.1","port":1}'::jsonb)
    returning id`;
  monitorId = row!.id;
});
afterAll(async () => {
  await pool.sql.end({ timeout: 5 });
});

describe('result compaction', () => {
  it('cuts on whole minutes and hours', () => {
    const cutoffs = resultCutoffs(now);
    expect(cutoffs.rawBefore.toISOString()).toBe('2100-01-09T12:00:00.000Z');
    expect(cutoffs.minuteBefore.toISOString()).toBe('2100-01-03T12:00:00.000Z');
    expect(cutoffs.hourBefore.toISOString()).toBe('2099-01-10T12:00:30.000Z');
  });

  it('rolls raw rows into minutes, minutes into hours, drops hours past a year, and is idempotent', async () => {
    // Raw, older than a day: two checks in one minute, and one more in the next minute.
    await insert('raw', '2100-01-09T11:58:10Z', 1, 1, 10);
    await insert('raw', '2100-01-09T11:58:40Z', 1, 0, null);
    await insert('raw', '2100-01-09T11:59:05Z', 1, 1, 30);
    // Raw, within the day: stays.
    await insert('raw', '2100-01-10T11:00:00Z', 1, 1, 5);
    // A minute bucket that already exists receives the late raw rows by adding.
    await insert('minute', '2100-01-09T11:59:00Z', 2, 2, 60);
    // Minutes older than a week, two in one hour, plus an hour bucket that exists.
    await insert('minute', '2100-01-02T08:01:00Z', 3, 3, 20);
    await insert('minute', '2100-01-02T08:02:00Z', 1, 0, 40);
    await insert('hour', '2100-01-02T08:00:00Z', 10, 5, 10);
    // Hours older than a year go; younger ones stay.
    await insert('hour', '2099-01-01T00:00:00Z', 60, 60, 1);
    await insert('hour', '2099-06-01T00:00:00Z', 60, 30, 2);

    const first = await compactResults(pool.sql, now);
    expect(first).toEqual({
      rawToMinute: { moved: 3, buckets: 2 },
      minuteToHour: { moved: 2, buckets: 1 },
      hoursExpired: 1,
    });
    const expected = [
      { resolution: 'hour', at: '2099-06-01T00:00:00', checks: 60, up: 30, avg: 2, max: 2 },
      {
        resolution: 'hour',
        at: '2100-01-02T08:00:00',
        checks: 14,
        up: 8,
        avg: (10 * 10 + 20 * 3 + 40) / 14,
        max: 40,
      },
      { resolution: 'minute', at: '2100-01-09T11:58:00', checks: 2, up: 1, avg: 10, max: 10 },
      { resolution: 'minute', at: '2100-01-09T11:59:00', checks: 3, up: 3, avg: (60 * 2 + 30) / 3, max: 60 },
      { resolution: 'raw', at: '2100-01-10T11:00:00', checks: 1, up: 1, avg: 5, max: 5 },
    ];
    const after = await rows();
    expect(
      after.map((r) => ({ ...r, avg: r.avg === null ? null : Math.round(r.avg * 1000) / 1000 })),
    ).toEqual(expected.map((r) => ({ ...r, avg: Math.round(r.avg * 1000) / 1000 })));

    const second = await compactResults(pool.sql, now);
    expect(second).toEqual({
      rawToMinute: { moved: 0, buckets: 0 },
      minuteToHour: { moved: 0, buckets: 0 },
      hoursExpired: 0,
    });
    expect(await rows()).toEqual(after);
  });
});
