/**
 * Takes host metrics samples straight from Linux's /proc and /sys (no native modules, nothing to
 * compile on a homelab box). Rates and CPU use are deltas between consecutive samples.
 */
import { readdir, readFile, statfs } from 'node:fs/promises';
import { join } from 'node:path';
import type { MetricSample } from '@homelab/db/metrics';
import {
  type CpuTicks,
  cpuPercent,
  diskUsage,
  externalNetBytes,
  type IoCounters,
  parseCpuStat,
  parseDiskStats,
  parseLoadAvg,
  parseMemInfo,
  parseMilliCelsius,
  parseMounts,
  parseNetDev,
  parseUptime,
  ratePerSecond,
  type StatFsLike,
  wholeDiskBytes,
} from './parse';

export type SamplerOptions = {
  procRoot?: string;
  sysRoot?: string;
  statfs?: (path: string) => Promise<StatFsLike>;
  now?: () => number;
};

export type Sampler = {
  /** Takes the first counter readings, so the first sample has a real interval to measure. */
  prime(): Promise<void>;
  sample(): Promise<MetricSample>;
};

type Counters = {
  at: number;
  cpu: { total: CpuTicks; cores: CpuTicks[] };
  disk: IoCounters;
  net: IoCounters;
};

const readText = (path: string) => readFile(path, 'utf8');
const readOptional = (path: string) => readText(path).catch(() => null);
const listOptional = (path: string) => readdir(path).catch(() => [] as string[]);

export function createSampler(options: SamplerOptions = {}): Sampler {
  const opts = {
    procRoot: '/proc',
    sysRoot: '/sys',
    statfs: (path: string) => statfs(path),
    now: Date.now,
    ...options,
  };
  const proc = (file: string) => join(opts.procRoot, file);
  const sys = (...parts: string[]) => join(opts.sysRoot, ...parts);
  let previous: Counters | undefined;
  // A statfs on a hung network mount never returns and holds a libuv thread; asking again every
  // few seconds would eventually block all file I/O of the process, so a pending one is not repeated.
  const statfsPending = new Set<string>();

  async function readCounters(): Promise<Counters> {
    const [stat, diskstats, netdev, blockDevices] = await Promise.all([
      readText(proc('stat')),
      readOptional(proc('diskstats')),
      readOptional(proc('net/dev')),
      listOptional(sys('block')),
    ]);
    return {
      at: opts.now(),
      cpu: parseCpuStat(stat),
      disk: diskstats
        ? wholeDiskBytes(
            parseDiskStats(diskstats),
            blockDevices.length > 0 ? new Set(blockDevices) : undefined,
          )
        : { read: 0, write: 0 },
      net: netdev ? externalNetBytes(parseNetDev(netdev)) : { read: 0, write: 0 },
    };
  }

  async function readDisks(): Promise<MetricSample['disks']> {
    const mounts = parseMounts((await readOptional(proc('mounts'))) ?? '');
    const disks = await Promise.all(
      mounts.map(async ({ mount, fs }) => {
        if (statfsPending.has(mount)) return null;
        statfsPending.add(mount);
        try {
          const stat = await opts.statfs(mount);
          if (stat.blocks <= 0) return null;
          return { mount, fs, ...diskUsage(stat) };
        } catch {
          return null;
        } finally {
          statfsPending.delete(mount);
        }
      }),
    );
    return disks.filter((disk) => disk !== null);
  }

  async function readHwmon() {
    const root = sys('class/hwmon');
    const readings = await Promise.all(
      (await listOptional(root)).map(async (dir) => {
        const chip = (await readOptional(join(root, dir, 'name')))?.trim() || dir;
        const inputs = (await listOptional(join(root, dir))).filter((file) => /^temp\d+_input$/.test(file));
        return Promise.all(
          inputs.map(async (input) => {
            const sensor = input.replace('_input', '');
            const [value, label] = await Promise.all([
              readOptional(join(root, dir, input)),
              readOptional(join(root, dir, `${sensor}_label`)),
            ]);
            const celsius = value === null ? null : parseMilliCelsius(value);
            return celsius === null ? null : { label: `${chip} ${label?.trim() || sensor}`, celsius };
          }),
        );
      }),
    );
    return readings.flat().filter((reading) => reading !== null);
  }

  async function readThermalZones() {
    const root = sys('class/thermal');
    const zones = (await listOptional(root)).filter((dir) => dir.startsWith('thermal_zone'));
    const readings = await Promise.all(
      zones.map(async (zone) => {
        const [type, value] = await Promise.all([
          readOptional(join(root, zone, 'type')),
          readOptional(join(root, zone, 'temp')),
        ]);
        const celsius = value === null ? null : parseMilliCelsius(value);
        return celsius === null ? null : { label: type?.trim() || zone, celsius };
      }),
    );
    return readings.filter((reading) => reading !== null);
  }

  /** hwmon names the chip and sensor; thermal zones (often the same sensors again) are the fallback. */
  async function readTemperatures(): Promise<MetricSample['temperatures']> {
    const hwmon = await readHwmon();
    const readings = hwmon.length > 0 ? hwmon : await readThermalZones();
    return readings.sort((a, b) => a.label.localeCompare(b.label));
  }

  return {
    async prime() {
      previous = await readCounters();
    },

    async sample() {
      const [counters, load, meminfo, uptime, disks, temperatures] = await Promise.all([
        readCounters(),
        readText(proc('loadavg')),
        readText(proc('meminfo')),
        readText(proc('uptime')),
        readDisks(),
        readTemperatures(),
      ]);
      const before = previous;
      previous = counters;
      const seconds = before ? (counters.at - before.at) / 1000 : 0;
      const { memory, swap } = parseMemInfo(meminfo);
      return {
        at: new Date(counters.at).toISOString(),
        cpu: {
          percent: cpuPercent(before?.cpu.total, counters.cpu.total),
          perCore: counters.cpu.cores.map((core, i) => cpuPercent(before?.cpu.cores[i], core)),
        },
        load: parseLoadAvg(load),
        memory,
        swap,
        disks,
        diskIo: {
          readBps: ratePerSecond(before?.disk.read, counters.disk.read, seconds),
          writeBps: ratePerSecond(before?.disk.write, counters.disk.write, seconds),
        },
        network: {
          rxBps: ratePerSecond(before?.net.read, counters.net.read, seconds),
          txBps: ratePerSecond(before?.net.write, counters.net.write, seconds),
        },
        temperatures,
        uptimeSeconds: parseUptime(uptime),
      };
    },
  };
}
