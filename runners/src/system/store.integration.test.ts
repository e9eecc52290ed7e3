import type { Pool } from '@homelab/db/client/pool';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { privateDatabaseUrl, testPool } from '../testing/database';
import { fakeSample } from '../testing/helpers';
import { compactionCutoffs, compactMetrics, insertRawSample } from './store';

// Compaction reaches every row of system_metrics, so this file has a database of its own; the 2100
// timeline also keeps the rows clear of anything sampled at the real time.
const now = new Date('2100-01-10T12:00:30.000Z');
// Created while the file is collected, so that its drop (an afterAll) is registered with the file.
const databaseUrl = await privateDatabaseUrl();
let pool: Pool;

type Row = {
  resolution: string;
  at: string;
  samples: number;
  cpu_percent: number;
  load1: number;
  net_rx_bps: number;
  temp_max_c: number | null;
};

async function rows() {
  return pool.sql<Row[]>`
    select resolution, to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS') as at, samples,
      cpu_percent, load1, net_rx_bps, temp_max_c
    from system_metrics
    order by resolution, at`;
}

async function raw(at: string, cpu: number, temp: number | null, rx = 100) {
  const sample = fakeSample(at, cpu);
  sample.load = [cpu / 10, 0, 0];
  sample.network.rxBps = rx;
  sample.temperatures = temp === null ? [] : [{ label: 'cpu', celsius: temp }];
  await insertRawSample(pool.sql, sample);
}

async function aggregate(
  resolution: 'minute' | 'hour',
  at: string,
  samples: number,
  cpu: number,
  temp: number | null,
) {
  await pool.sql`
    insert into system_metrics (resolution, at, samples, cpu_percent, load1, mem_percent, swap_percent, disk_percent,
      net_rx_bps, net_tx_bps, disk_read_bps, disk_write_bps, temp_max_c)
    values (${resolution}, ${at}, ${samples}, ${cpu}, ${cpu / 10}, 50, 0, 40, ${cpu * 10}, 0, 0, 0, ${temp})`;
}

beforeAll(async () => {
  pool = testPool(databaseUrl);
  await pool.sql`delete from system_metrics`;
});
afterAll(async () => {
  await pool.sql`delete from system_metrics`;
  await pool.sql.end({ timeout: 5 });
});

describe('compactionCutoffs', () => {
  it('ends each tier on a whole minute or hour', () => {
    expect(compactionCutoffs(now)).toEqual({
      rawBefore: new Date('2100-01-09T12:00:00.000Z'),
      minuteBefore: new Date('2100-01-03T12:00:00.000Z'),
      hourBefore: new Date('2099-01-10T12:00:30.000Z'),
    });
  });
});

describe('insertRawSample and compactMetrics', () => {
  it('stores a raw sample with its headline scalars and full detail', async () => {
    const sample = fakeSample('2100-01-10T11:59:00.000Z', 33);
    sample.disks.push({ mount: '/srv', fs: 'xfs', total: 100, used: 91, percent: 91 });
    await insertRawSample(pool.sql, sample);
    const [row] = await pool.sql<{ disk_percent: number; temp_max_c: number; detail: unknown }[]>`
      select disk_percent, temp_max_c, detail from system_metrics where resolution = 'raw' and at = ${sample.at}`;
    expect(row).toEqual({ disk_percent: 91, temp_max_c: 48, detail: sample });
  });

  it('folds old raw rows into minutes and old minutes into hours, merging weighted, deleting what it folded', async () => {
    // Raw rows of 10:00 yesterday: cpu 10, 20, 60 → average 30; temperatures 40 and 50 (one missing) → 45.
    await raw('2100-01-09T10:00:05.000Z', 10, 40, 100);
    await raw('2100-01-09T10:00:20.000Z', 20, null, 200);
    await raw('2100-01-09T10:00:40.000Z', 60, 50, 600);
    await raw('2100-01-09T11:59:10.000Z', 80, null);
    // Inside the minute the cutoff falls in, and recent: both stay raw.
    await raw('2100-01-09T12:00:10.000Z', 5, null);
    await raw('2100-01-10T11:00:00.000Z', 5, null);
    // An earlier run already wrote the 10:00 minute from 2 samples: the new 3 are merged into it.
    await aggregate('minute', '2100-01-09T10:00:00Z', 2, 60, 30);
    // Minutes older than 7 days: the 08:00 hour gets 12 × cpu 10 and 12 × cpu 30 → 20.
    await aggregate('minute', '2100-01-02T08:05:00Z', 12, 10, null);
    await aggregate('minute', '2100-01-02T08:40:00Z', 12, 30, 70);
    await aggregate('minute', '2100-01-03T11:59:00Z', 12, 50, null);
    await aggregate('minute', '2100-01-03T12:00:00Z', 12, 50, null);
    // Hours: one past a year old (expires), one within the year.
    await aggregate('hour', '2099-01-01T00:00:00Z', 720, 10, null);
    await aggregate('hour', '2099-06-01T00:00:00Z', 720, 10, null);

    const result = await compactMetrics(pool.sql, now);
    expect(result).toEqual({
      rawToMinute: { moved: 4, buckets: 2 },
      minuteToHour: { moved: 3, buckets: 2 },
      hoursExpired: 1,
    });

    const after = await rows();
    const pick = (r: Row) => [r.resolution, r.at, r.samples, r.cpu_percent, r.temp_max_c];
    expect(after.map(pick)).toEqual([
      ['hour', '2099-06-01T00:00:00', 720, 10, null],
      ['hour', '2100-01-02T08:00:00', 24, 20, 70],
      ['hour', '2100-01-03T11:00:00', 12, 50, null],
      // (60 × 2 + 30 × 3) / 5 = 42; temperature (30 × 2 + 45 × 3) / 5 = 39.
      ['minute', '2100-01-03T12:00:00', 12, 50, null],
      ['minute', '2100-01-09T10:00:00', 5, 42, 39],
      ['minute', '2100-01-09T11:59:00', 1, 80, null],
      ['raw', '2100-01-09T12:00:10', 1, 5, null],
      ['raw', '2100-01-10T11:00:00', 1, 5, null],
      ['raw', '2100-01-10T11:59:00', 1, 33, 48],
    ]);
    // Every scalar is averaged the same way: load1 (6 × 2 + 3 × 3) / 5, net rx (600 × 2 + 300 × 3) / 5.
    const tenOClock = after.find((r) => r.resolution === 'minute' && r.at === '2100-01-09T10:00:00');
    expect(tenOClock?.load1).toBeCloseTo(4.2, 5);
    expect(tenOClock?.net_rx_bps).toBeCloseTo(420, 5);

    // A second run finds nothing left to fold and changes nothing.
    expect(await compactMetrics(pool.sql, now)).toEqual({
      rawToMinute: { moved: 0, buckets: 0 },
      minuteToHour: { moved: 0, buckets: 0 },
      hoursExpired: 0,
    });
    expect(await rows()).toEqual(after);

    // Ten minutes later the 12:00 minute is complete and folded whole.
    await raw('2100-01-09T12:00:50.000Z', 15, null);
    const later = await compactMetrics(pool.sql, new Date('2100-01-10T12:10:00.000Z'));
    expect(later.rawToMinute).toEqual({ moved: 2, buckets: 1 });
    const noon = (await rows()).find((r) => r.resolution === 'minute' && r.at === '2100-01-09T12:00:00');
    expect(noon).toMatchObject({ samples: 2, cpu_percent: 10 });
  });
});
