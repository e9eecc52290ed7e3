/**
 * SQL of system_metrics: each raw sample goes in with its full detail, and compaction folds old rows
 * into per-minute and per-hour averages so that a year of history stays a few thousand rows.
 */
import type { MetricSample } from '@homelab/db/metrics';
import type { MetricResolution } from '@homelab/db/schema';
import type { Sql, TransactionSql } from 'postgres';

/** The one disk figure of a history row: the fullest disk, since that is the one about to run out. */
export function headlineScalars(sample: MetricSample) {
  return {
    cpu_percent: sample.cpu.percent,
    load1: sample.load[0],
    mem_percent: sample.memory.percent,
    swap_percent: sample.swap.percent,
    disk_percent: sample.disks.reduce((max, disk) => Math.max(max, disk.percent), 0),
    net_rx_bps: sample.network.rxBps,
    net_tx_bps: sample.network.txBps,
    disk_read_bps: sample.diskIo.readBps,
    disk_write_bps: sample.diskIo.writeBps,
    temp_max_c:
      sample.temperatures.length > 0 ? Math.max(...sample.temperatures.map((t) => t.celsius)) : null,
  };
}

// JSON and timestamps are sent as text: the pool is drizzle's, which turns postgres.js's own
// serializers for them off.
export async function insertRawSample(sql: Sql, sample: MetricSample) {
  const s = headlineScalars(sample);
  await sql`
    insert into system_metrics (resolution, at, samples, cpu_percent, load1, mem_percent, swap_percent,
      disk_percent, net_rx_bps, net_tx_bps, disk_read_bps, disk_write_bps, temp_max_c, detail)
    values ('raw', ${sample.at}, 1, ${s.cpu_percent}, ${s.load1}, ${s.mem_percent}, ${s.swap_percent},
      ${s.disk_percent}, ${s.net_rx_bps}, ${s.net_tx_bps}, ${s.disk_read_bps}, ${s.disk_write_bps},
      ${s.temp_max_c}, ${JSON.stringify(sample)}::jsonb)
    on conflict (resolution, at) do nothing`;
}

const hourMs = 3_600_000;
const dayMs = 24 * hourMs;
const floorTo = (ms: number, unit: number) => new Date(Math.floor(ms / unit) * unit);

/**
 * Where each tier ends at `now`. Cutoffs fall on bucket boundaries, so a minute or hour is only
 * folded once it is complete (rows arriving late are merged into their bucket anyway).
 */
export function compactionCutoffs(now: Date) {
  return {
    rawBefore: floorTo(now.getTime() - dayMs, 60_000),
    minuteBefore: floorTo(now.getTime() - 7 * dayMs, hourMs),
    hourBefore: new Date(now.getTime() - 365 * dayMs),
  };
}

const scalarColumns = [
  'cpu_percent',
  'load1',
  'mem_percent',
  'swap_percent',
  'disk_percent',
  'net_rx_bps',
  'net_tx_bps',
  'disk_read_bps',
  'disk_write_bps',
] as const;

/**
 * Moves rows of one resolution older than `before` into buckets of the next one. Averages are
 * weighted by `samples`, both inside a bucket and when merging into a bucket that already exists,
 * so running it twice, or on late rows, gives the same averages as running it once.
 */
async function downsample(
  tx: TransactionSql,
  from: MetricResolution,
  to: MetricResolution,
  unit: 'minute' | 'hour',
  before: Date,
) {
  const avg = scalarColumns.map((c) => `sum(${c} * samples) / sum(samples) as ${c}`).join(', ');
  const merge = scalarColumns
    .map(
      (c) =>
        `${c} = (m.${c} * m.samples + excluded.${c} * excluded.samples) / (m.samples + excluded.samples)`,
    )
    .join(', ');
  const [result] = await tx.unsafe<{ moved: number; buckets: number }[]>(
    `with moved as (
       delete from system_metrics where resolution = $1 and at < $2 returning *
     ), buckets as (
       select date_trunc($3, at, 'UTC') as at, sum(samples)::int as samples, ${avg},
         sum(temp_max_c * samples) filter (where temp_max_c is not null)
           / nullif(sum(samples) filter (where temp_max_c is not null), 0) as temp_max_c
       from moved group by 1
     ), merged as (
       insert into system_metrics as m (resolution, at, samples, ${scalarColumns.join(', ')}, temp_max_c)
       select $4, at, samples, ${scalarColumns.join(', ')}, temp_max_c from buckets
       on conflict (resolution, at) do update set ${merge},
         temp_max_c = case
           when m.temp_max_c is null then excluded.temp_max_c
           when excluded.temp_max_c is null then m.temp_max_c
           else (m.temp_max_c * m.samples + excluded.temp_max_c * excluded.samples) / (m.samples + excluded.samples)
         end,
         samples = m.samples + excluded.samples
       returning 1
     )
     select (select count(*) from moved)::int as moved, (select count(*) from merged)::int as buckets`,
    [from, before.toISOString(), unit, to],
  );
  return { moved: result?.moved ?? 0, buckets: result?.buckets ?? 0 };
}

// Two processes (or the cron and a 'compact' job) compacting at once would fold the same rows twice.
const compactionLock = 7_240_118;

export type CompactionResult = {
  rawToMinute: { moved: number; buckets: number };
  minuteToHour: { moved: number; buckets: number };
  hoursExpired: number;
};

export async function compactMetrics(sql: Sql, now = new Date()): Promise<CompactionResult> {
  const cutoffs = compactionCutoffs(now);
  return sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(${compactionLock})`;
    const rawToMinute = await downsample(tx, 'raw', 'minute', 'minute', cutoffs.rawBefore);
    const minuteToHour = await downsample(tx, 'minute', 'hour', 'hour', cutoffs.minuteBefore);
    const expired =
      await tx`delete from system_metrics where resolution = 'hour' and at < ${cutoffs.hourBefore.toISOString()}`;
    return { rawToMinute, minuteToHour, hoursExpired: expired.count };
  }) as Promise<CompactionResult>;
}
