/**
 * Live container stats computed the way `docker stats` does, from one shared collector per
 * container that exists only while someone watches it, so five browsers watching fifty containers
 * cost fifty engine streams, not two hundred and fifty.
 */
import type { ContainerStats } from '@homelab/db/docker';
import type Dockerode from 'dockerode';
import type { Logger } from '../log';
import type { Engine } from './engine';

/** The fields of the engine's stats document that the numbers come from. */
export type RawStats = {
  read?: string;
  cpu_stats?: {
    cpu_usage?: { total_usage?: number; percpu_usage?: number[] | null };
    system_cpu_usage?: number;
    online_cpus?: number;
  };
  precpu_stats?: RawStats['cpu_stats'];
  memory_stats?: { usage?: number; limit?: number; stats?: Record<string, number> };
  networks?: Record<string, { rx_bytes?: number; tx_bytes?: number }> | null;
  blkio_stats?: { io_service_bytes_recursive?: { op?: string; value?: number }[] | null };
  pids_stats?: { current?: number };
};

/** The CPU counters of the last sample, for engines that leave precpu empty (Podman's one-shot). */
export type CpuBaseline = { total: number; system: number };

/** Docker's "memory used": page cache that can be dropped does not count. */
export function memoryUsed(memory: RawStats['memory_stats']): number {
  const usage = memory?.usage ?? 0;
  const stats = memory?.stats ?? {};
  for (const key of ['total_inactive_file', 'inactive_file', 'cache']) {
    const value = stats[key];
    if (value !== undefined && value < usage) return usage - value;
  }
  return usage;
}

/**
 * One ContainerStats from an engine sample, or null when there is no earlier CPU reading to take
 * a delta from (the first sample of a stream, or of a poll).
 */
export function computeStats(
  raw: RawStats,
  who: { id: string; name: string },
  previous: CpuBaseline | null,
  now = Date.now(),
): ContainerStats | null {
  const cpu = raw.cpu_stats;
  const total = cpu?.cpu_usage?.total_usage ?? 0;
  const system = cpu?.system_cpu_usage ?? 0;
  const preTotal = raw.precpu_stats?.cpu_usage?.total_usage ?? 0;
  const preSystem = raw.precpu_stats?.system_cpu_usage ?? 0;
  const base = preTotal > 0 && preSystem > 0 ? { total: preTotal, system: preSystem } : previous;
  if (!base || system === 0) return null;
  const cpuDelta = total - base.total;
  const systemDelta = system - base.system;
  const online = cpu?.online_cpus || cpu?.cpu_usage?.percpu_usage?.length || 1;
  const cpuPercent = cpuDelta >= 0 && systemDelta > 0 ? (cpuDelta / systemDelta) * online * 100 : 0;

  const memoryBytes = memoryUsed(raw.memory_stats);
  const memoryLimitBytes = raw.memory_stats?.limit ?? 0;
  let netRxBytes = 0;
  let netTxBytes = 0;
  for (const key in raw.networks ?? {}) {
    const network = raw.networks?.[key];
    netRxBytes += network?.rx_bytes ?? 0;
    netTxBytes += network?.tx_bytes ?? 0;
  }
  let blockReadBytes = 0;
  let blockWriteBytes = 0;
  for (const entry of raw.blkio_stats?.io_service_bytes_recursive ?? []) {
    const op = entry.op?.toLowerCase();
    if (op === 'read') blockReadBytes += entry.value ?? 0;
    else if (op === 'write') blockWriteBytes += entry.value ?? 0;
  }
  const read = raw.read && !raw.read.startsWith('0001-') ? raw.read : new Date(now).toISOString();
  return {
    id: who.id,
    name: who.name,
    at: read,
    cpuPercent,
    memoryBytes,
    memoryLimitBytes,
    memoryPercent: memoryLimitBytes > 0 ? (memoryBytes / memoryLimitBytes) * 100 : 0,
    netRxBytes,
    netTxBytes,
    blockReadBytes,
    blockWriteBytes,
    pids: raw.pids_stats?.current ?? 0,
  };
}

export type StatsListener = {
  sample(stats: ContainerStats): void;
  /** The collector stopped (container stopped or removed, engine gone); no more samples come. */
  end(reason: string): void;
};

type Collector = {
  id: string;
  name: string;
  listeners: Set<StatsListener>;
  latest: ContainerStats | null;
  baseline: CpuBaseline | null;
  stop(): void;
};

export type StatsHubOptions = {
  engine: Engine;
  log: Logger;
  /**
   * stream: the engine's stats stream (Docker sends one sample a second). poll: a one-shot read
   * every `pollMs` (Podman streams only every five seconds, but answers one-shots in milliseconds).
   * auto picks by engine.
   */
  mode?: 'auto' | 'stream' | 'poll';
  pollMs?: number;
};

export type StatsHub = ReturnType<typeof createStatsHub>;

export function createStatsHub(options: StatsHubOptions) {
  const { engine, pollMs = 1_000 } = options;
  const log = options.log.child({ component: 'stats' });
  const collectors = new Map<string, Collector>();
  let opened = 0;

  function modeNow() {
    if (options.mode && options.mode !== 'auto') return options.mode;
    const state = engine.state();
    return state.status === 'connected' && state.engine === 'podman' ? 'poll' : 'stream';
  }

  function publish(collector: Collector, raw: RawStats) {
    const stats = computeStats(raw, collector, collector.baseline);
    const total = raw.cpu_stats?.cpu_usage?.total_usage ?? 0;
    const system = raw.cpu_stats?.system_cpu_usage ?? 0;
    if (system > 0) collector.baseline = { total, system };
    if (!stats) return;
    collector.latest = stats;
    for (const listener of collector.listeners) listener.sample(stats);
  }

  function finish(collector: Collector, reason: string) {
    if (collectors.get(collector.id) !== collector) return;
    collectors.delete(collector.id);
    collector.stop();
    for (const listener of collector.listeners) listener.end(reason);
    collector.listeners.clear();
  }

  function startStream(collector: Collector, container: Dockerode.Container) {
    let source: (NodeJS.ReadableStream & { destroy(): void }) | undefined;
    let stopped = false;
    collector.stop = () => {
      stopped = true;
      source?.destroy();
    };
    container
      .stats({ stream: true })
      .then((stream) => {
        source = stream as typeof source & object;
        if (stopped) return source.destroy();
        let buffered = '';
        stream.on('data', (chunk: Buffer) => {
          buffered += chunk.toString('utf8');
          let newline = buffered.indexOf('\n');
          while (newline >= 0) {
            const line = buffered.slice(0, newline);
            buffered = buffered.slice(newline + 1);
            newline = buffered.indexOf('\n');
            if (line.length < 2) continue;
            try {
              publish(collector, JSON.parse(line) as RawStats);
            } catch {
              // A torn or non-JSON line; the next sample comes within a second.
            }
          }
        });
        stream.once('end', () => finish(collector, 'the container stopped'));
        stream.on('error', () => finish(collector, 'the engine closed the stats stream'));
      })
      .catch((error: unknown) => {
        log.debug('stats stream refused', { id: collector.id, err: error });
        finish(collector, 'the engine has no stats for this container');
      });
  }

  function startPoll(collector: Collector, container: Dockerode.Container) {
    let timer: NodeJS.Timeout | undefined;
    let stopped = false;
    collector.stop = () => {
      stopped = true;
      clearTimeout(timer);
    };
    const tick = async () => {
      try {
        const raw = (await container.stats({ stream: false })) as unknown;
        if (stopped) return;
        // A stopped container answers with an empty body.
        if (!raw || typeof raw !== 'object' || Buffer.isBuffer(raw) || !('cpu_stats' in raw)) {
          finish(collector, 'the container stopped');
          return;
        }
        publish(collector, raw as RawStats);
        timer = setTimeout(() => void tick(), pollMs);
      } catch (error) {
        if (stopped) return;
        log.debug('stats poll failed', { id: collector.id, err: error });
        finish(collector, 'the engine has no stats for this container');
      }
    };
    void tick();
  }

  function open(id: string, name: string): Collector {
    const collector: Collector = {
      id,
      name,
      listeners: new Set(),
      latest: null,
      baseline: null,
      stop: () => {},
    };
    collectors.set(id, collector);
    opened += 1;
    const container = engine.docker.getContainer(id);
    if (modeNow() === 'poll') startPoll(collector, container);
    else startStream(collector, container);
    return collector;
  }

  return {
    /** Samples of container `id` until unsubscribed or ended; the latest known one comes at once. */
    subscribe(id: string, name: string, listener: StatsListener): () => void {
      const collector = collectors.get(id) ?? open(id, name);
      collector.listeners.add(listener);
      const latest = collector.latest;
      if (latest) queueMicrotask(() => collector.listeners.has(listener) && listener.sample(latest));
      return () => {
        if (!collector.listeners.delete(listener)) return;
        if (collector.listeners.size === 0 && collectors.get(id) === collector) {
          collectors.delete(id);
          collector.stop();
        }
      };
    },
    /** Collectors running now (one per watched container). */
    get active() {
      return collectors.size;
    },
    /** Collectors opened since start, to show that watchers share them. */
    get opened() {
      return opened;
    },
    close() {
      for (const collector of [...collectors.values()]) finish(collector, 'the runner is stopping');
    },
  };
}
