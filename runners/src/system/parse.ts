/**
 * Pure parsers for the Linux /proc files the sampler reads, and the arithmetic on their counters.
 * Kept free of I/O so every kernel format quirk is pinned by a fixture test.
 */
import { parseNetDev as readNetDev } from '../network/parse';

export type CpuTicks = { idle: number; total: number };

/** /proc/stat → cumulative ticks for all CPUs and for each core. */
export function parseCpuStat(text: string): { total: CpuTicks; cores: CpuTicks[] } {
  let total: CpuTicks = { idle: 0, total: 0 };
  const cores: CpuTicks[] = [];
  for (const line of text.split('\n')) {
    const match = /^cpu(\d*)\s+(.*)$/.exec(line);
    if (!match) continue;
    // user nice system idle iowait irq softirq steal [guest guest_nice]: guest time is already
    // counted in user and nice, so only the first eight add up to the total.
    const fields = (match[2] ?? '').trim().split(/\s+/).slice(0, 8).map(Number);
    const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = fields;
    const ticks = {
      idle: idle + iowait,
      total: user + nice + system + idle + iowait + irq + softirq + steal,
    };
    if (match[1] === '') total = ticks;
    else cores[Number(match[1])] = ticks;
  }
  return { total, cores: cores.map((core) => core ?? { idle: 0, total: 0 }) };
}

export function round1(value: number) {
  return Math.round(value * 10) / 10;
}

export function percentOf(part: number, whole: number) {
  return whole > 0 ? round1(Math.min(100, Math.max(0, (part / whole) * 100))) : 0;
}

/** Busy share of the ticks between two readings; 0 when there is no interval to measure. */
export function cpuPercent(previous: CpuTicks | undefined, current: CpuTicks) {
  if (!previous) return 0;
  const total = current.total - previous.total;
  const idle = current.idle - previous.idle;
  return total > 0 ? percentOf(total - idle, total) : 0;
}

export function parseLoadAvg(text: string): [number, number, number] {
  const [a = 0, b = 0, c = 0] = text.trim().split(/\s+/).slice(0, 3).map(Number);
  return [a, b, c];
}

export function parseUptime(text: string) {
  return Math.floor(Number(text.trim().split(/\s+/)[0]) || 0);
}

/** /proc/meminfo (kB) → bytes. "Used" is total minus available, as `free` counts it: cache is not used. */
export function parseMemInfo(text: string) {
  const kb = new Map<string, number>();
  for (const line of text.split('\n')) {
    const match = /^(\w+(?:\(\w+\))?):\s+(\d+)/.exec(line);
    if (match?.[1] && match[2]) kb.set(match[1], Number(match[2]) * 1024);
  }
  const total = kb.get('MemTotal') ?? 0;
  // Kernels before 3.14 have no MemAvailable; free + buffers + cache is the old estimate.
  const available =
    kb.get('MemAvailable') ?? (kb.get('MemFree') ?? 0) + (kb.get('Buffers') ?? 0) + (kb.get('Cached') ?? 0);
  const swapTotal = kb.get('SwapTotal') ?? 0;
  const swapUsed = Math.max(0, swapTotal - (kb.get('SwapFree') ?? 0));
  const used = Math.max(0, total - available);
  return {
    memory: { total, used, available, percent: percentOf(used, total) },
    swap: { total: swapTotal, used: swapUsed, percent: percentOf(swapUsed, swapTotal) },
  };
}

// Kernel and runtime filesystems: they hold no user data, and their sizes are not disk space.
const pseudoFilesystems = new Set([
  'autofs',
  'binfmt_misc',
  'bpf',
  'cgroup',
  'cgroup2',
  'configfs',
  'debugfs',
  'devpts',
  'devtmpfs',
  'efivarfs',
  'fusectl',
  'fuse.gvfsd-fuse',
  'fuse.lxcfs',
  'fuse.portal',
  'hugetlbfs',
  'mqueue',
  'nfsd',
  'nsfs',
  'overlay',
  'proc',
  'pstore',
  'ramfs',
  'rpc_pipefs',
  'securityfs',
  'selinuxfs',
  'squashfs',
  'sysfs',
  'tmpfs',
  'tracefs',
  'zram',
]);
// Mounts that only mirror a filesystem already counted (container layers, snaps, bind mounts into
// the kernel's trees).
const ignoredMountPrefixes = [
  '/proc',
  '/sys',
  '/dev',
  '/run',
  '/snap',
  '/var/lib/docker',
  '/var/lib/containers',
];

export type MountEntry = { device: string; mount: string; fs: string };

/** \040 and friends: /proc/mounts escapes spaces, tabs, newlines and backslashes in octal. */
function unescapeMount(value: string) {
  return value.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(Number.parseInt(octal, 8)));
}

/**
 * /proc/mounts → the filesystems worth showing: real devices, once each (a bind mount of the same
 * device keeps its shortest path). `/` is always kept, even as an overlay inside a container.
 */
export function parseMounts(text: string): MountEntry[] {
  const byDevice = new Map<string, MountEntry>();
  for (const line of text.split('\n')) {
    const [device, rawMount, fs] = line.trim().split(/\s+/);
    if (!device || !rawMount || !fs) continue;
    const mount = unescapeMount(rawMount);
    if (mount !== '/') {
      if (pseudoFilesystems.has(fs)) continue;
      if (ignoredMountPrefixes.some((prefix) => mount === prefix || mount.startsWith(`${prefix}/`))) continue;
    }
    const seen = byDevice.get(device);
    const better = !seen || mount === '/' || (seen.mount !== '/' && mount.length < seen.mount.length);
    if (better) byDevice.set(device, { device, mount, fs });
  }
  return [...byDevice.values()].sort((a, b) => a.mount.localeCompare(b.mount));
}

export type StatFsLike = { blocks: number; bsize: number; bfree: number; bavail: number };

/** Usage as `df` reports it: blocks reserved for root count as neither used nor available. */
export function diskUsage(stat: StatFsLike) {
  const total = stat.blocks * stat.bsize;
  const used = (stat.blocks - stat.bfree) * stat.bsize;
  const available = stat.bavail * stat.bsize;
  return { total, used, percent: percentOf(used, used + available) };
}

export type IoCounters = { read: number; write: number };

/** /proc/diskstats → sectors read and written per device name (always 512-byte units, whatever the disk). */
export function parseDiskStats(text: string): Map<string, IoCounters> {
  const out = new Map<string, IoCounters>();
  for (const line of text.split('\n')) {
    const fields = line.trim().split(/\s+/);
    const name = fields[2];
    if (!name || fields.length < 10) continue;
    out.set(name, { read: Number(fields[5]), write: Number(fields[9]) });
  }
  return out;
}

// Virtual block devices sit on top of real disks (or RAM): counting them too would count I/O twice.
const virtualDisk = /^(loop|ram|zram|dm-|md|sr|fd|nbd)\d*/;
const wholeDiskName = /^(sd[a-z]+|hd[a-z]+|vd[a-z]+|xvd[a-z]+|nvme\d+n\d+|mmcblk\d+)$/;

/**
 * Bytes read and written by whole physical disks (partitions are already inside their disk).
 * `blockDevices` is the listing of /sys/block, which has whole disks only; without it, names decide.
 */
export function wholeDiskBytes(stats: Map<string, IoCounters>, blockDevices?: Set<string>): IoCounters {
  let read = 0;
  let write = 0;
  for (const [name, counters] of stats) {
    if (virtualDisk.test(name)) continue;
    if (blockDevices ? !blockDevices.has(name) : !wholeDiskName.test(name)) continue;
    read += counters.read * 512;
    write += counters.write * 512;
  }
  return { read, write };
}

/** /proc/net/dev → received and sent bytes per interface (the network view's reader, narrowed). */
export function parseNetDev(text: string): Map<string, IoCounters> {
  const out = new Map<string, IoCounters>();
  for (const [name, c] of readNetDev(text)) out.set(name, { read: c.rxBytes, write: c.txBytes });
  return out;
}

// Loopback never leaves the host; container veths and bridges repeat traffic that also crosses the
// physical interface, so they would double it.
const internalInterface = /^(lo|veth.*|docker\d+|br-.*|virbr\d+.*|cni\d+|podman\d+|cali.*|flannel.*)$/;

export function externalNetBytes(stats: Map<string, IoCounters>): IoCounters {
  let read = 0;
  let write = 0;
  for (const [name, counters] of stats) {
    if (internalInterface.test(name)) continue;
    read += counters.read;
    write += counters.write;
  }
  return { read, write };
}

/** Bytes per second between two counter readings; a counter reset (reboot, device removed) gives 0. */
export function ratePerSecond(previous: number | undefined, current: number, seconds: number) {
  if (previous === undefined || seconds <= 0 || current < previous) return 0;
  return Math.round((current - previous) / seconds);
}

/** hwmon and thermal_zone files hold millidegrees; absurd readings (unplugged sensors) are dropped. */
export function parseMilliCelsius(text: string): number | null {
  const milli = Number(text.trim());
  if (!Number.isFinite(milli) || text.trim() === '') return null;
  const celsius = milli / 1000;
  return celsius > -40 && celsius < 150 && celsius !== 0 ? round1(celsius) : null;
}
