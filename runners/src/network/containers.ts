/**
 * What the container engine knows about the network: which container publishes a host port,
 * which host-network containers run which pids, and the Twingate connector if one runs. Without an
 * engine every answer is empty; the view still shows processes.
 */
import { execFile } from 'node:child_process';
import type { TwingateStatus } from '@homelab/db/network';
import type Dockerode from 'dockerode';

export type ContainerRef = { id: string; name: string; image: string };

export type ContainerMap = {
  /** "tcp/8080" → the container publishing host port 8080. */
  byPublishedPort: Map<string, ContainerRef>;
  /** Init pid (as the engine reports it) → a host-network container. */
  byHostPid: Map<number, ContainerRef>;
  twingate: (ContainerRef & { state: string; startedAt: string | null }) | null;
};

export const emptyContainerMap = (): ContainerMap => ({
  byPublishedPort: new Map(),
  byHostPid: new Map(),
  twingate: null,
});

const refOf = (info: Dockerode.ContainerInfo): ContainerRef => ({
  id: info.Id,
  name: (info.Names[0] ?? info.Id.slice(0, 12)).replace(/^\//, ''),
  image: info.Image,
});

export const isTwingateImage = (image: string) => image.toLowerCase().includes('twingate/connector');

/** Ports and host-network pids of running containers; inspect is only paid for host-network ones and Twingate. */
export async function readContainers(docker: Dockerode): Promise<ContainerMap> {
  const map = emptyContainerMap();
  const all = await docker.listContainers({ all: true });
  const running = all.filter((info) => info.State === 'running');
  for (const info of running) {
    for (const port of info.Ports ?? []) {
      if (!port.PublicPort) continue;
      map.byPublishedPort.set(`${port.Type}/${port.PublicPort}`, refOf(info));
    }
  }
  await Promise.all(
    running
      .filter((info) => info.HostConfig?.NetworkMode === 'host')
      .slice(0, 20)
      .map(async (info) => {
        const detail = await docker
          .getContainer(info.Id)
          .inspect()
          .catch(() => null);
        if (detail?.State.Pid) map.byHostPid.set(detail.State.Pid, refOf(info));
      }),
  );
  const connector = all.find((info) => isTwingateImage(info.Image));
  if (connector) {
    const detail = await docker
      .getContainer(connector.Id)
      .inspect()
      .catch(() => null);
    const health = detail?.State.Health?.Status;
    map.twingate = {
      ...refOf(connector),
      state: health ? `${connector.State} (${health})` : connector.State,
      startedAt:
        detail?.State.StartedAt && !detail.State.StartedAt.startsWith('0001') ? detail.State.StartedAt : null,
    };
  }
  return map;
}

export type CommandRunner = (file: string, args: string[]) => Promise<string>;

export const runCommand: CommandRunner = (file, args) =>
  new Promise((resolve, reject) => {
    execFile(file, args, { timeout: 3_000 }, (error, stdout) => (error ? reject(error) : resolve(stdout)));
  });

/** `systemctl show` key=value lines. */
export function parseSystemctlShow(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) out[line.slice(0, eq)] = line.slice(eq + 1).trim();
  }
  return out;
}

export const twingateUnit = 'twingate-connector';

/** The connector as a container, else as a systemd unit; absent when neither (or no systemctl) is there. */
export async function twingateStatus(
  containers: ContainerMap,
  run: CommandRunner = runCommand,
): Promise<TwingateStatus> {
  const container = containers.twingate;
  if (container) {
    const { state, startedAt, ...ref } = container;
    return { present: true, state, container: ref, ...(startedAt ? { lastSeen: startedAt } : {}) };
  }
  try {
    const show = parseSystemctlShow(
      await run('systemctl', ['show', twingateUnit, '--property=LoadState,ActiveState,ActiveEnterTimestamp']),
    );
    if (show.LoadState !== 'loaded') return { present: false, state: null };
    const entered = show.ActiveEnterTimestamp ? new Date(show.ActiveEnterTimestamp) : null;
    return {
      present: true,
      state: show.ActiveState ?? 'unknown',
      service: twingateUnit,
      ...(entered && !Number.isNaN(entered.getTime()) ? { lastSeen: entered.toISOString() } : {}),
    };
  } catch {
    return { present: false, state: null };
  }
}
