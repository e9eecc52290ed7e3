/**
 * Host metrics history. Raw samples (every few seconds) are kept for 24 h with their full
 * detail; older data survives only as per-minute (7 days) and per-hour (1 year) averages, so the
 * table stays bounded.
 */
import {
  doublePrecision,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';
import type { MetricSample } from '../metrics';

export const metricResolutions = ['raw', 'minute', 'hour'] as const;
export type MetricResolution = (typeof metricResolutions)[number];

export const systemMetrics = pgTable(
  'system_metrics',
  {
    resolution: text('resolution', { enum: metricResolutions }).notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    samples: integer('samples').notNull().default(1),
    cpuPercent: real('cpu_percent').notNull(),
    load1: real('load1').notNull(),
    memPercent: real('mem_percent').notNull(),
    swapPercent: real('swap_percent').notNull(),
    diskPercent: real('disk_percent').notNull(),
    netRxBps: doublePrecision('net_rx_bps').notNull(),
    netTxBps: doublePrecision('net_tx_bps').notNull(),
    diskReadBps: doublePrecision('disk_read_bps').notNull(),
    diskWriteBps: doublePrecision('disk_write_bps').notNull(),
    tempMaxC: real('temp_max_c'),
    detail: jsonb('detail').$type<MetricSample>(),
  },
  (t) => [primaryKey({ columns: [t.resolution, t.at] })],
);
