import { describe, expect, it } from 'vitest';
import { computeStats, memoryUsed, type RawStats } from './stats';

const who = { id: 'abc', name: 'web' };

function sample(overrides: Partial<RawStats> = {}): RawStats {
  return {
    read: '2026-01-01T00:00:01.000Z',
    cpu_stats: {
      cpu_usage: { total_usage: 3_000_000_000 },
      system_cpu_usage: 20_000_000_000,
      online_cpus: 4,
    },
    precpu_stats: { cpu_usage: { total_usage: 2_000_000_000 }, system_cpu_usage: 16_000_000_000 },
    memory_stats: { usage: 300, limit: 1_000, stats: { inactive_file: 100 } },
    networks: { eth0: { rx_bytes: 10, tx_bytes: 20 }, eth1: { rx_bytes: 1, tx_bytes: 2 } },
    blkio_stats: {
      io_service_bytes_recursive: [
        { op: 'Read', value: 4096 },
        { op: 'Write', value: 8192 },
        { op: 'read', value: 4 },
        { op: 'Total', value: 99999 },
      ],
    },
    pids_stats: { current: 7 },
    ...overrides,
  };
}

describe('computeStats', () => {
  it('computes like docker stats', () => {
    // 1 s of CPU over 4 s of all-core time on 4 cores = 100 % of one core.
    expect(computeStats(sample(), who, null)).toEqual({
      id: 'abc',
      name: 'web',
      at: '2026-01-01T00:00:01.000Z',
      cpuPercent: 100,
      memoryBytes: 200,
      memoryLimitBytes: 1_000,
      memoryPercent: 20,
      netRxBytes: 11,
      netTxBytes: 22,
      blockReadBytes: 4100,
      blockWriteBytes: 8192,
      pids: 7,
    });
  });

  it('skips a first sample without precpu, and uses the last reading when given one', () => {
    const first = sample({ precpu_stats: { cpu_usage: { total_usage: 0 } } });
    expect(computeStats(first, who, null)).toBeNull();
    const stats = computeStats(first, who, { total: 2_500_000_000, system: 18_000_000_000 });
    expect(stats?.cpuPercent).toBeCloseTo(100);
  });

  it('never reports negative CPU after a counter reset', () => {
    const reset = sample({ cpu_stats: { cpu_usage: { total_usage: 1 }, system_cpu_usage: 20_000_000_000 } });
    expect(computeStats(reset, who, null)?.cpuPercent).toBe(0);
  });
});

describe('memoryUsed', () => {
  it('subtracts reclaimable cache: cgroup v1, v2, then old engines', () => {
    expect(memoryUsed({ usage: 500, stats: { total_inactive_file: 100, inactive_file: 50 } })).toBe(400);
    expect(memoryUsed({ usage: 500, stats: { inactive_file: 50 } })).toBe(450);
    expect(memoryUsed({ usage: 500, stats: { cache: 200 } })).toBe(300);
    expect(memoryUsed({ usage: 500 })).toBe(500);
    expect(memoryUsed({ usage: 500, stats: { inactive_file: 600 } })).toBe(500);
  });
});
