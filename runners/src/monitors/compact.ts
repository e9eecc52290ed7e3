/**
 * Keeps monitor_results bounded: raw rows older than a day fold into per-minute rows, minute rows
 * older than a week into per-hour rows, and hour rows older than a year go. Rows are moved, never
 * copied (so uptime sums each check once), and merged into existing buckets by adding, so a second
 * run, or rows arriving late, change nothing that was already right.
 */
import type { Sql, TransactionSql } from 'postgres';

const minuteMs = 60_000;
const hourMs = 3_600_000;
const dayMs = 24 * hourMs;
const floorTo = (ms: number, unit: number) => new Date(Math.floor(ms / unit) * unit);

/** Cutoffs fall on bucket boundaries, so a minute or an hour is folded only once it is complete. */
export function resultCutoffs(now: Date) {
  return {
    rawBefore: floorTo(now.getTime() - dayMs, minuteMs),
    minuteBefore: floorTo(now.getTime() - 7 * dayMs, hourMs),
    hourBefore: new Date(now.getTime() - 365 * dayMs),
  };
}

async function fold(tx: TransactionSql, from: 'raw' | 'minute', to: 'minute' | 'hour', before: Date) {
  const [row] = await tx<{ moved: number; buckets: number }[]>`
    with moved as (
      delete from monitor_results where resolution = ${from} and at < ${before.toISOString()} returning *
    ), buckets as (
      select monitor_id, date_trunc(${to}, at, 'UTC') as at, sum(checks)::int as checks, sum(up_checks)::int as up_checks,
        sum(latency_avg_ms * checks) filter (where latency_avg_ms is not null)
          / nullif(sum(checks) filter (where latency_avg_ms is not null), 0) as latency_avg_ms,
        max(latency_max_ms) as latency_max_ms
      from moved group by 1, 2
    ), merged as (
      insert into monitor_results as m (monitor_id, resolution, at, checks, up_checks, latency_avg_ms, latency_max_ms)
      select monitor_id, ${to}, at, checks, up_checks, latency_avg_ms, latency_max_ms from buckets
      on conflict (monitor_id, resolution, at) do update set
        latency_avg_ms = case
          when m.latency_avg_ms is null then excluded.latency_avg_ms
          when excluded.latency_avg_ms is null then m.latency_avg_ms
          else (m.latency_avg_ms * m.checks + excluded.latency_avg_ms * excluded.checks) / (m.checks + excluded.checks)
        end,
        latency_max_ms = greatest(m.latency_max_ms, excluded.latency_max_ms),
        checks = m.checks + excluded.checks,
        up_checks = m.up_checks + excluded.up_checks
      returning 1
    )
    select (select count(*) from moved)::int as moved, (select count(*) from merged)::int as buckets`;
  return { moved: row?.moved ?? 0, buckets: row?.buckets ?? 0 };
}

// Two processes (or the cron and a `compact` job) folding at once would count the same rows twice.
const compactionLock = 7_240_119;

export type ResultCompaction = {
  rawToMinute: { moved: number; buckets: number };
  minuteToHour: { moved: number; buckets: number };
  hoursExpired: number;
};

/** Each step in its own transaction: a year of hours expiring does not hold up the minute fold. */
export async function compactResults(sql: Sql, now = new Date()): Promise<ResultCompaction> {
  const cutoffs = resultCutoffs(now);
  const step = <T>(work: (tx: TransactionSql) => Promise<T>) =>
    sql.begin(async (tx) => {
      await tx`select pg_advisory_xact_lock(${compactionLock})`;
      return work(tx);
    }) as Promise<T>;
  const rawToMinute = await step((tx) => fold(tx, 'raw', 'minute', cutoffs.rawBefore));
  const minuteToHour = await step((tx) => fold(tx, 'minute', 'hour', cutoffs.minuteBefore));
  const hoursExpired = await step(async (tx) => {
    const result =
      await tx`delete from monitor_results where resolution = 'hour' and at < ${cutoffs.hourBefore.toISOString()}`;
    return result.count;
  });
  return { rawToMinute, minuteToHour, hoursExpired };
}
