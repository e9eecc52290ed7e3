/**
 * Puts the network view together: interfaces with their current rates, listening ports with the
 * process and container behind each, the connection summary, the public IP and the names that
 * should point at it, and the Twingate connector. Each outside source degrades on its own.
 */
import type { ListeningPort, NetworkInterface, NetworkOverview } from '@homelab/db/network';
import type Dockerode from 'dockerode';
import type { Sql } from 'postgres';
import {
  type CommandRunner,
  type ContainerMap,
  emptyContainerMap,
  readContainers,
  twingateStatus,
} from './containers';
import { type DnsChecker, servedNames } from './dns';
import type { HostReader, ProcessInfo } from './host';
import {
  type IfaceCounters,
  type IfaceRates,
  interfaceRates,
  listeningSockets,
  summarizeConnections,
} from './parse';
import { publicIp, servedHostNames } from './store';

/**
 * Rates between consecutive counter readings, shared by the sampler and the overview: a reading
 * less than a second after the last one keeps the last rates rather than measuring noise.
 */
export function createRateTracker(host: Pick<HostReader, 'counters'>, now: () => number = Date.now) {
  let previous: { at: number; counters: Map<string, IfaceCounters> } | undefined;
  let rates = new Map<string, IfaceRates>();
  return {
    async read() {
      const counters = await host.counters();
      const at = now();
      if (!previous || at - previous.at >= 1_000) {
        rates = interfaceRates(previous?.counters, counters, previous ? (at - previous.at) / 1000 : 0);
        previous = { at, counters };
      }
      return { at, counters, rates };
    },
  };
}
export type RateTracker = ReturnType<typeof createRateTracker>;

export type OverviewDeps = {
  sql: Sql;
  host: HostReader;
  rates: RateTracker;
  dns: DnsChecker;
  /** The engine client when connected, else null (ports are then matched to processes only). */
  docker: () => Dockerode | null;
  run?: CommandRunner;
  engineTimeoutMs?: number;
};

function timeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('timed out')), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

async function containersOf(deps: OverviewDeps): Promise<{ map: ContainerMap; connected: boolean }> {
  const docker = deps.docker();
  if (!docker) return { map: emptyContainerMap(), connected: false };
  try {
    return { map: await timeout(readContainers(docker), deps.engineTimeoutMs ?? 3_000), connected: true };
  } catch {
    return { map: emptyContainerMap(), connected: false };
  }
}

export async function readInterfaces(
  deps: Pick<OverviewDeps, 'host' | 'rates'>,
): Promise<NetworkInterface[]> {
  const { counters, rates } = await deps.rates.read();
  const facts = await deps.host.interfaceFacts([...counters.keys()]);
  return facts
    .map((f) => {
      const c = counters.get(f.name);
      const r = rates.get(f.name);
      return {
        ...f,
        rxBytesPerSec: r?.rxBytesPerSec ?? 0,
        txBytesPerSec: r?.txBytesPerSec ?? 0,
        rxTotal: c?.rxBytes ?? 0,
        txTotal: c?.txBytes ?? 0,
        errors: { rx: c?.rxErrors ?? 0, tx: c?.txErrors ?? 0 },
      };
    })
    .sort((a, b) => Number(a.name === 'lo') - Number(b.name === 'lo') || a.name.localeCompare(b.name));
}

async function readListening(deps: OverviewDeps, containers: ContainerMap) {
  const sockets = await deps.host.sockets();
  const listening = listeningSockets(sockets);
  const { owners, complete } = await deps.host.socketOwners(new Set(listening.map((s) => s.inode)));
  const processes = new Map<number, Promise<ProcessInfo | null>>();
  const ancestry = new Map<number, Promise<number[]>>();
  const ports: ListeningPort[] = await Promise.all(
    listening.map(async (s) => {
      const pid = owners.get(s.inode);
      let process: ProcessInfo | null = null;
      let container = containers.byPublishedPort.get(`${s.protocol}/${s.localPort}`) ?? null;
      if (pid !== undefined) {
        if (!processes.has(pid)) processes.set(pid, deps.host.processInfo(pid));
        process = (await processes.get(pid)) ?? null;
        if (!container && containers.byHostPid.size > 0) {
          if (!ancestry.has(pid)) ancestry.set(pid, deps.host.ancestry(pid));
          const chain = (await ancestry.get(pid)) ?? [];
          container = chain.map((p) => containers.byHostPid.get(p)).find(Boolean) ?? null;
        }
      }
      return { protocol: s.protocol, address: s.localAddress, port: s.localPort, process, container };
    }),
  );
  return { ports, complete, connections: summarizeConnections(sockets) };
}

export async function buildOverview(deps: OverviewDeps): Promise<NetworkOverview> {
  const containers = await containersOf(deps);
  const [interfaces, listening, ip, names, twingate] = await Promise.all([
    readInterfaces(deps),
    readListening(deps, containers.map),
    publicIp(deps.sql),
    servedHostNames(deps.sql),
    twingateStatus(containers.map, deps.run),
  ]);
  const dns = await deps.dns.check(servedNames(names), ip?.ip ?? null);
  return {
    at: new Date().toISOString(),
    interfaces,
    listening: listening.ports,
    processesComplete: listening.complete,
    connections: listening.connections,
    publicIp: ip,
    dns,
    twingate,
    engine: containers.connected ? 'connected' : 'unreachable',
  };
}
