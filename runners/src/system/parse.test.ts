import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  cpuPercent,
  diskUsage,
  externalNetBytes,
  parseCpuStat,
  parseDiskStats,
  parseLoadAvg,
  parseMemInfo,
  parseMilliCelsius,
  parseMounts,
  parseNetDev,
  parseUptime,
  ratePerSecond,
  wholeDiskBytes,
} from './parse';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('parseCpuStat and cpuPercent', () => {
  it('reads the total and per-core ticks, counting iowait as idle and leaving guest time out', () => {
    const first = parseCpuStat(fixture('stat-1.txt'));
    expect(first.total).toEqual({ idle: 80_500, total: 94_000 });
    expect(first.cores).toEqual([
      { idle: 40_250, total: 47_000 },
      { idle: 40_250, total: 47_000 },
    ]);
    // guest (50 on cpu0) is already inside user, so it must not be added again.
    expect(parseCpuStat(fixture('stat-2.txt')).cores[0]).toEqual({ idle: 40_360, total: 47_410 });
  });

  it('computes busy percent from the delta of two readings', () => {
    const a = parseCpuStat(fixture('stat-1.txt'));
    const b = parseCpuStat(fixture('stat-2.txt'));
    expect(cpuPercent(a.total, b.total)).toBe(43.5);
    expect(cpuPercent(a.cores[0], b.cores[0]!)).toBe(73.2);
    expect(cpuPercent(a.cores[1], b.cores[1]!)).toBe(19.6);
  });

  it('reports 0 without a previous reading or without elapsed ticks', () => {
    const b = parseCpuStat(fixture('stat-2.txt'));
    expect(cpuPercent(undefined, b.total)).toBe(0);
    expect(cpuPercent(b.total, b.total)).toBe(0);
  });
});

describe('parseMemInfo', () => {
  it('counts used memory as total minus available, in bytes', () => {
    const { memory, swap } = parseMemInfo(fixture('meminfo.txt'));
    expect(memory).toEqual({
      total: 16_318_480 * 1024,
      available: 10_159_240 * 1024,
      used: 6_159_240 * 1024,
      percent: 37.7,
    });
    expect(swap).toEqual({ total: 4_194_300 * 1024, used: 1_048_576 * 1024, percent: 25 });
  });

  it('estimates available memory on kernels without MemAvailable and handles no swap', () => {
    const { memory, swap } = parseMemInfo(fixture('meminfo-old-kernel.txt'));
    expect(memory.available).toBe(896_000 * 1024);
    expect(memory.percent).toBe(56.3);
    expect(swap).toEqual({ total: 0, used: 0, percent: 0 });
  });
});

describe('parseLoadAvg and parseUptime', () => {
  it('reads the three load averages and whole seconds of uptime', () => {
    expect(parseLoadAvg(fixture('loadavg.txt'))).toEqual([0.52, 0.58, 0.59]);
    expect(parseUptime(fixture('uptime.txt'))).toBe(356_789);
  });
});

describe('parseMounts', () => {
  it('keeps real filesystems once each and skips kernel, tmpfs, snap and Docker layer mounts', () => {
    expect(parseMounts(fixture('mounts.txt'))).toEqual([
      { device: '/dev/mapper/ubuntu--vg-ubuntu--lv', mount: '/', fs: 'ext4' },
      { device: '/dev/nvme0n1p2', mount: '/boot', fs: 'ext4' },
      { device: '/dev/nvme0n1p1', mount: '/boot/efi', fs: 'vfat' },
      { device: '//nas.lan/backup', mount: '/mnt/backup', fs: 'cifs' },
      // \040 is a space; the bind mount below it is the same device, reported once.
      { device: '/dev/sda1', mount: '/srv/media library', fs: 'xfs' },
    ]);
  });

  it('keeps an overlay root inside a container and the shortest path of a bind-mounted device', () => {
    expect(parseMounts(fixture('mounts-container.txt'))).toEqual([
      { device: 'overlay', mount: '/', fs: 'overlay' },
      { device: '/dev/mapper/ubuntu--vg-ubuntu--lv', mount: '/data', fs: 'ext4' },
    ]);
  });
});

describe('diskUsage', () => {
  it('reports usage as df does, leaving root-reserved blocks out of the percentage', () => {
    expect(diskUsage({ blocks: 1000, bsize: 4096, bfree: 400, bavail: 350 })).toEqual({
      total: 4_096_000,
      used: 2_457_600,
      percent: 63.2,
    });
  });
});

describe('disk throughput', () => {
  const before = parseDiskStats(fixture('diskstats-1.txt'));
  const after = parseDiskStats(fixture('diskstats-2.txt'));

  it('reads sectors read and written per device', () => {
    expect(before.get('nvme0n1')).toEqual({ read: 12_345_600, write: 45_678_900 });
    expect(before.size).toBe(9);
  });

  it('sums whole physical disks only, in bytes, with or without the /sys/block listing', () => {
    const sysBlock = new Set(['loop0', 'loop1', 'nvme0n1', 'dm-0', 'sda', 'sr0']);
    for (const devices of [sysBlock, undefined]) {
      const a = wholeDiskBytes(before, devices);
      const b = wholeDiskBytes(after, devices);
      // nvme0n1 +10000 read / +20000 written sectors, sda +10000 read; partitions and dm-0 not again.
      expect(b.read - a.read).toBe(20_000 * 512);
      expect(b.write - a.write).toBe(20_000 * 512);
    }
  });
});

describe('network throughput', () => {
  it('reads bytes per interface, including names without a space after the colon', () => {
    const stats = parseNetDev(fixture('net-dev-1.txt'));
    expect(stats.get('enp3s0')).toEqual({ read: 5_000_000_000, write: 1_000_000_000 });
    expect(stats.get('wlp2s0')).toEqual({ read: 1_000_000, write: 500_000 });
    expect(parseNetDev('eth0:123 1 0 0 0 0 0 0 456 2 0 0 0 0 0 0').get('eth0')).toEqual({
      read: 123,
      write: 456,
    });
  });

  it('leaves out loopback and container bridges and veths', () => {
    const a = externalNetBytes(parseNetDev(fixture('net-dev-1.txt')));
    const b = externalNetBytes(parseNetDev(fixture('net-dev-2.txt')));
    expect(b.read - a.read).toBe(10_500_000);
    expect(b.write - a.write).toBe(2_100_000);
  });
});

describe('ratePerSecond', () => {
  it('divides the delta by the interval and treats a counter reset as zero', () => {
    expect(ratePerSecond(1_000, 11_000, 2)).toBe(5_000);
    expect(ratePerSecond(undefined, 11_000, 2)).toBe(0);
    expect(ratePerSecond(11_000, 10, 2)).toBe(0);
    expect(ratePerSecond(1_000, 2_000, 0)).toBe(0);
  });
});

describe('parseMilliCelsius', () => {
  it('converts millidegrees and drops empty or impossible readings', () => {
    expect(parseMilliCelsius('45000\n')).toBe(45);
    expect(parseMilliCelsius('38850')).toBe(38.9);
    expect(parseMilliCelsius('-273150')).toBeNull();
    expect(parseMilliCelsius('0')).toBeNull();
    expect(parseMilliCelsius('')).toBeNull();
  });
});
