import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { metricSampleSchema } from '@homelab/db/metrics';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSampler } from './sampler';

const fixtures = new URL('./fixtures/', import.meta.url);
let root: string;

async function put(path: string, content: string) {
  await mkdir(join(root, path, '..'), { recursive: true });
  await writeFile(join(root, path), content);
}

async function useFixtures(set: 1 | 2) {
  for (const [file, target] of [
    [`stat-${set}.txt`, 'proc/stat'],
    [`diskstats-${set}.txt`, 'proc/diskstats'],
    [`net-dev-${set}.txt`, 'proc/net/dev'],
    ['meminfo.txt', 'proc/meminfo'],
    ['loadavg.txt', 'proc/loadavg'],
    ['uptime.txt', 'proc/uptime'],
    ['mounts.txt', 'proc/mounts'],
  ] as const) {
    await mkdir(join(root, target, '..'), { recursive: true });
    await copyFile(new URL(file, fixtures), join(root, target));
  }
}

const statfsTable: Record<string, { blocks: number; bsize: number; bfree: number; bavail: number }> = {
  '/': { blocks: 1000, bsize: 4096, bfree: 400, bavail: 350 },
  '/boot': { blocks: 500, bsize: 4096, bfree: 250, bavail: 250 },
  '/srv/media library': { blocks: 2000, bsize: 4096, bfree: 1000, bavail: 1000 },
};
const fakeStatfs = async (path: string) => {
  const stat = statfsTable[path];
  if (!stat) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
  return stat;
};

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'sampler-'));
  for (const device of ['nvme0n1', 'sda', 'loop0', 'dm-0'])
    await mkdir(join(root, 'sys/block', device), { recursive: true });
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('createSampler', () => {
  it('builds a full MetricSample from /proc and /sys, with rates over the interval since the last reading', async () => {
    await put('sys/class/hwmon/hwmon0/name', 'coretemp\n');
    await put('sys/class/hwmon/hwmon0/temp1_input', '45000\n');
    await put('sys/class/hwmon/hwmon0/temp1_label', 'Package id 0\n');
    await put('sys/class/hwmon/hwmon0/temp2_input', '43500\n');
    await put('sys/class/hwmon/hwmon1/name', 'nvme\n');
    await put('sys/class/hwmon/hwmon1/temp1_input', '38850\n');
    await put('sys/class/hwmon/hwmon1/temp1_label', 'Composite\n');
    // Thermal zones repeat hwmon's sensors and must not be added when hwmon has readings.
    await put('sys/class/thermal/thermal_zone0/type', 'x86_pkg_temp\n');
    await put('sys/class/thermal/thermal_zone0/temp', '45000\n');

    let clock = Date.parse('2026-05-01T12:00:00.000Z');
    const sampler = createSampler({
      procRoot: join(root, 'proc'),
      sysRoot: join(root, 'sys'),
      statfs: fakeStatfs,
      now: () => clock,
    });
    await useFixtures(1);
    await sampler.prime();
    await useFixtures(2);
    clock += 2_000;
    const sample = await sampler.sample();

    expect(metricSampleSchema.parse(sample)).toEqual(sample);
    expect(sample).toEqual({
      at: '2026-05-01T12:00:02.000Z',
      cpu: { percent: 43.5, perCore: [73.2, 19.6] },
      load: [0.52, 0.58, 0.59],
      memory: {
        total: 16_318_480 * 1024,
        used: 6_159_240 * 1024,
        available: 10_159_240 * 1024,
        percent: 37.7,
      },
      swap: { total: 4_194_300 * 1024, used: 1_048_576 * 1024, percent: 25 },
      disks: [
        { mount: '/', fs: 'ext4', total: 4_096_000, used: 2_457_600, percent: 63.2 },
        { mount: '/boot', fs: 'ext4', total: 2_048_000, used: 1_024_000, percent: 50 },
        { mount: '/srv/media library', fs: 'xfs', total: 8_192_000, used: 4_096_000, percent: 50 },
      ],
      diskIo: { readBps: 5_120_000, writeBps: 5_120_000 },
      network: { rxBps: 5_250_000, txBps: 1_050_000 },
      temperatures: [
        { label: 'coretemp Package id 0', celsius: 45 },
        { label: 'coretemp temp2', celsius: 43.5 },
        { label: 'nvme Composite', celsius: 38.9 },
      ],
      uptimeSeconds: 356_789,
    });
  });

  it('falls back to thermal zones, and reports no temperatures when the host has no sensors', async () => {
    await useFixtures(1);
    const options = { procRoot: join(root, 'proc'), sysRoot: join(root, 'sys'), statfs: fakeStatfs };
    expect((await createSampler(options).sample()).temperatures).toEqual([]);

    await put('sys/class/thermal/thermal_zone0/type', 'acpitz\n');
    await put('sys/class/thermal/thermal_zone0/temp', '27800\n');
    await put('sys/class/thermal/cooling_device0/type', 'Processor\n');
    expect((await createSampler(options).sample()).temperatures).toEqual([
      { label: 'acpitz', celsius: 27.8 },
    ]);
  });

  it('reports zero rates and CPU on a first sample without a primed reading', async () => {
    await useFixtures(2);
    const sample = await createSampler({
      procRoot: join(root, 'proc'),
      sysRoot: join(root, 'sys'),
      statfs: fakeStatfs,
    }).sample();
    expect(sample.cpu).toEqual({ percent: 0, perCore: [0, 0] });
    expect(sample.diskIo).toEqual({ readBps: 0, writeBps: 0 });
    expect(sample.network).toEqual({ rxBps: 0, txBps: 0 });
  });

  it('rejects when a file every Linux host has is missing, so the runner crashes visibly', async () => {
    await expect(
      createSampler({ procRoot: join(root, 'nowhere'), sysRoot: join(root, 'sys') }).sample(),
    ).rejects.toThrow(/ENOENT/);
  });

  it('samples this machine for real: a valid sample with the root filesystem in it', async () => {
    const sampler = createSampler();
    await sampler.prime();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const sample = metricSampleSchema.parse(await sampler.sample());
    expect(sample.memory.total).toBeGreaterThan(0);
    expect(sample.cpu.perCore.length).toBeGreaterThan(0);
    expect(sample.disks.map((disk) => disk.mount)).toContain('/');
    expect(sample.uptimeSeconds).toBeGreaterThan(0);
  });
});
