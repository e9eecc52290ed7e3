/**
 * Container stats as the charts need them: the engine reports network and block I/O as running
 * totals, so rates come from the difference between two samples over the time between them.
 */
import { formatBytes, formatPercent } from '../../lib/format';
import type { ContainerStats } from './types';

/** Points kept for the live charts: about a minute at one sample a second. */
export const statsWindow = 60;

export interface StatsPoint {
  at: string;
  cpuPercent: number;
  memoryBytes: number;
  memoryLimitBytes: number;
  memoryPercent: number;
  rxBps: number;
  txBps: number;
  readBps: number;
  writeBps: number;
  pids: number;
}

/** Bytes per second between two running totals; a reset counter (container restarted) counts as zero. */
export function rate(before: number, after: number, seconds: number): number {
  if (!(seconds > 0) || after < before) return 0;
  return (after - before) / seconds;
}

/** One chart point from a sample and the sample before it (rates are zero for the first one). */
export function toPoint(previous: ContainerStats | null, sample: ContainerStats): StatsPoint {
  const seconds = previous ? (Date.parse(sample.at) - Date.parse(previous.at)) / 1000 : 0;
  const r = (pick: (s: ContainerStats) => number) =>
    previous ? rate(pick(previous), pick(sample), seconds) : 0;
  return {
    at: sample.at,
    cpuPercent: sample.cpuPercent,
    memoryBytes: sample.memoryBytes,
    memoryLimitBytes: sample.memoryLimitBytes,
    memoryPercent: sample.memoryPercent,
    rxBps: r((s) => s.netRxBytes),
    txBps: r((s) => s.netTxBytes),
    readBps: r((s) => s.blockReadBytes),
    writeBps: r((s) => s.blockWriteBytes),
    pids: sample.pids,
  };
}

/** Adds a point to the rolling window, skipping a replay of the last sample. */
export function pushPoint(
  points: readonly StatsPoint[],
  point: StatsPoint,
  size = statsWindow,
): StatsPoint[] {
  if (points.at(-1)?.at === point.at) return [...points];
  return [...points, point].slice(-size);
}

/** The text beside a row's memory bar: "120 MB of 2 GB". */
export const memoryText = (s: Pick<ContainerStats, 'memoryBytes' | 'memoryLimitBytes'>) =>
  s.memoryLimitBytes > 0
    ? `${formatBytes(s.memoryBytes)} of ${formatBytes(s.memoryLimitBytes)}`
    : formatBytes(s.memoryBytes);

/** CPU is "of one core = 100", so a busy multi-threaded container can read 250 %; the bar tops out at 100. */
export const cpuText = (s: Pick<ContainerStats, 'cpuPercent'>) => formatPercent(s.cpuPercent);

/** The latest stats per container id, from one batch of the all-containers stream. */
export function indexStats(batch: { containers: readonly ContainerStats[] }): Map<string, ContainerStats> {
  return new Map(batch.containers.map((s) => [s.id, s]));
}
