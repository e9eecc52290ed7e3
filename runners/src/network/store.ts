/**
 * SQL of the network view: throughput samples (kept seven days, deleted in small batches so a
 * long backlog never holds a big lock), their history averaged into buckets per range, and the
 * facts other runners keep (the public IP, the names the homelab serves).
 */

import type { MonitorConfig } from '@homelab/db/monitoring';
import type { NetworkHistory, NetworkRange } from '@homelab/db/network';
import type { Sql } from 'postgres';
import { readPublicIp } from '../ddns/store';
import { hostOf } from '../monitors/views';

export type SampleRow = {
  iface: string;
  rxBytesPerSec: number;
  txBytesPerSec: number;
  rxErrors: number;
  txErrors: number;
};

export async function insertSamples(sql: Sql, at: Date, rows: SampleRow[]) {
  if (rows.length === 0) return;
  await sql`
    insert into network_samples ${sql(
      rows.map((r) => ({
        at: at.toISOString(),
        iface: r.iface,
        rx_bytes_per_sec: r.rxBytesPerSec,
        tx_bytes_per_sec: r.txBytesPerSec,
        rx_errors: r.rxErrors,
        tx_errors: r.txErrors,
      })),
    )}`;
}

export const retentionMs = 7 * 24 * 3_600_000;

/** Deletes samples older than the retention, `batch` rows at a time; returns how many went. */
export async function deleteOldSamples(sql: Sql, now = new Date(), batch = 5_000): Promise<number> {
  const before = new Date(now.getTime() - retentionMs).toISOString();
  let deleted = 0;
  for (;;) {
    const result = await sql`
      delete from network_samples where id in (
        select id from network_samples where at < ${before} order by at limit ${batch})`;
    deleted += result.count;
    if (result.count < batch) return deleted;
  }
}

/** Span and bucket of each range: about 120–170 points each, enough for a chart's width. */
export const rangeBuckets: Record<NetworkRange, { spanMs: number; bucketSeconds: number }> = {
  '1h': { spanMs: 3_600_000, bucketSeconds: 30 },
  '24h': { spanMs: 24 * 3_600_000, bucketSeconds: 600 },
  '7d': { spanMs: 7 * 24 * 3_600_000, bucketSeconds: 3_600 },
};

export async function readHistory(
  sql: Sql,
  iface: string,
  range: NetworkRange,
  now = new Date(),
): Promise<NetworkHistory> {
  const { spanMs, bucketSeconds } = rangeBuckets[range];
  const since = new Date(now.getTime() - spanMs).toISOString();
  const rows = await sql<{ at: string; rx: number; tx: number }[]>`
    select to_char(to_timestamp(floor(extract(epoch from at) / ${bucketSeconds}) * ${bucketSeconds})
             at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as at,
      round(avg(rx_bytes_per_sec))::float8 as rx, round(avg(tx_bytes_per_sec))::float8 as tx
    from network_samples
    where iface = ${iface} and at >= ${since} and at <= ${now.toISOString()}
    group by 1 order by 1`;
  return { iface, range, bucketSeconds, points: rows.map((r) => ({ at: r.at, rx: r.rx, tx: r.tx })) };
}

export async function publicIp(sql: Sql): Promise<{ ip: string; checkedAt: string } | null> {
  const stored = await readPublicIp(sql);
  return stored?.ip ? { ip: stored.ip, checkedAt: new Date(stored.at).toISOString() } : null;
}

/** Host names of dynamic DNS records and of monitors (http, tls, dns, tcp). */
export async function servedHostNames(sql: Sql): Promise<string[]> {
  const [records, monitors] = await Promise.all([
    sql<{ hostname: string }[]>`select hostname from ddns_records`,
    sql<{ config: MonitorConfig }[]>`select config from monitors where type in ('http', 'tls', 'dns', 'tcp')`,
  ]);
  return [...records.map((r) => r.hostname), ...monitors.map((m) => hostOf(m))].filter(
    (name): name is string => Boolean(name),
  );
}
