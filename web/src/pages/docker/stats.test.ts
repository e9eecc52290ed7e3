import { describe, expect, it } from 'vitest';
import { container } from '../../test/docker-fixtures';
import { indexStats, memoryText, pushPoint, rate, toPoint } from './stats';
import type { ContainerStats } from './types';

const sample = (at: string, totals: Partial<ContainerStats> = {}): ContainerStats => ({
  id: container().id,
  name: 'web',
  at,
  cpuPercent: 12.5,
  memoryBytes: 100 * 1024 * 1024,
  memoryLimitBytes: 1024 * 1024 * 1024,
  memoryPercent: 9.8,
  netRxBytes: 0,
  netTxBytes: 0,
  blockReadBytes: 0,
  blockWriteBytes: 0,
  pids: 4,
  ...totals,
});

describe('stats rows', () => {
  it('turns running totals into per-second rates between two samples', () => {
    const before = sample('2025-01-01T00:00:00Z', { netRxBytes: 1000, blockWriteBytes: 4096 });
    const after = sample('2025-01-01T00:00:02Z', { netRxBytes: 3000, blockWriteBytes: 4096 + 8192 });
    const point = toPoint(before, after);
    expect(point.rxBps).toBe(1000);
    expect(point.writeBps).toBe(4096);
    expect(point.cpuPercent).toBe(12.5);
  });

  it('starts at zero and treats a reset counter (a restart) as zero, not a huge negative', () => {
    expect(toPoint(null, sample('2025-01-01T00:00:00Z', { netRxBytes: 5000 })).rxBps).toBe(0);
    expect(rate(5000, 10, 1)).toBe(0);
    expect(rate(0, 100, 0)).toBe(0);
  });

  it('keeps a rolling window and ignores a replayed sample', () => {
    let points = [toPoint(null, sample('2025-01-01T00:00:00Z'))];
    points = pushPoint(points, toPoint(null, sample('2025-01-01T00:00:00Z')), 3);
    expect(points).toHaveLength(1);
    for (const s of ['01', '02', '03'])
      points = pushPoint(points, toPoint(null, sample(`2025-01-01T00:00:${s}Z`)), 3);
    expect(points.map((p) => p.at.slice(-3))).toEqual(['01Z', '02Z', '03Z']);
  });

  it('indexes a batch by container and words memory against the limit', () => {
    const batch = indexStats({ containers: [sample('2025-01-01T00:00:00Z')] });
    expect(batch.get(container().id)?.pids).toBe(4);
    expect(memoryText({ memoryBytes: 100 * 1024 * 1024, memoryLimitBytes: 1024 ** 3 })).toBe(
      '100 MB of 1 GB',
    );
    expect(memoryText({ memoryBytes: 2048, memoryLimitBytes: 0 })).toBe('2 KB');
  });
});
