/**
 * Metrics history from PostgreSQL: whatever resolutions cover the range (raw for the last day,
 * per-minute and per-hour rows before that) merged into ~300 buckets, weighted by sample count.
 */

import type { MetricPoint } from '@homelab/db';
import type { RequestDb } from '@homelab/db/client/request';

export const ranges = { '1h': 3_600, '6h': 21_600, '24h': 86_400, '7d': 604_800, '30d': 2_592_000 } as const;
export type Range = keyof typeof ranges;

const targetPoints = 300;

export function bucketSeconds(range: Range) {
  return Math.max(5, Math.ceil(ranges[range] / targetPoints));
}

export function resolutionOf(bucket: number) {
  if (bucket < 60) return 'raw' as const;
  return bucket < 3600 ? ('minute' as const) : ('hour' as const);
}

export async function readHistory({ sql }: RequestDb, range: Range): Promise<MetricPoint[]> {
  const seconds = ranges[range];
  const bucket = bucketSeconds(range);
  const w = (col: string) => sql.unsafe(`sum(${col} * samples) / sum(samples)`);
  const rows = await sql<Record<string, unknown>[]>`
    select to_timestamp(floor(extract(epoch from at) / ${bucket}) * ${bucket}) as at,
           sum(samples)::int as samples,
           ${w('cpu_percent')} as cpu_percent, ${w('load1')} as load1,
           ${w('mem_percent')} as mem_percent, ${w('swap_percent')} as swap_percent,
           ${w('disk_percent')} as disk_percent, ${w('net_rx_bps')} as net_rx_bps,
           ${w('net_tx_bps')} as net_tx_bps, ${w('disk_read_bps')} as disk_read_bps,
           ${w('disk_write_bps')} as disk_write_bps, max(temp_max_c) as temp_max_c
    from system_metrics
    where at >= now() - make_interval(secs => ${seconds})
    group by 1 order by 1`;
  const num = (v: unknown) => Math.round(Number(v) * 100) / 100;
  return rows.map((r) => ({
    at: new Date(r.at as string).toISOString(),
    samples: Number(r.samples),
    cpuPercent: num(r.cpu_percent),
    load1: num(r.load1),
    memPercent: num(r.mem_percent),
    swapPercent: num(r.swap_percent),
    diskPercent: num(r.disk_percent),
    netRxBps: num(r.net_rx_bps),
    netTxBps: num(r.net_tx_bps),
    diskReadBps: num(r.disk_read_bps),
    diskWriteBps: num(r.disk_write_bps),
    tempMaxC: r.temp_max_c === null ? null : num(r.temp_max_c),
  }));
}
