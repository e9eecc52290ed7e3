/**
 * Turns the engine's container documents (inspect, or a /containers/json row) into the one
 * ContainerSummary shape the API serves. Pure, so Docker's and Podman's quirks are tested here
 * without an engine.
 */
import type { ContainerSummary } from '@homelab/db/docker';
import type Dockerode from 'dockerode';

type State = ContainerSummary['state'];
type Health = ContainerSummary['health'];

// Podman's compat API mostly speaks Docker's states but leaks a few libpod ones.
const stateAliases: Record<string, State> = {
  created: 'created',
  configured: 'created',
  initialized: 'created',
  running: 'running',
  stopping: 'running',
  paused: 'paused',
  restarting: 'restarting',
  removing: 'removing',
  exited: 'exited',
  stopped: 'exited',
  dead: 'dead',
};

export function normalizeState(raw: string | undefined): State {
  return stateAliases[(raw ?? '').toLowerCase()] ?? 'dead';
}

function normalizeHealth(raw: string | undefined): Health {
  return raw === 'healthy' || raw === 'unhealthy' || raw === 'starting' ? raw : 'none';
}

/** Go's zero time ("0001-01-01T00:00:00Z") means "never". */
function timeOrNull(value: string | undefined): string | null {
  if (!value || value.startsWith('0001-01-01')) return null;
  return value;
}

type InspectPorts = Record<string, { HostIp?: string; HostPort?: string }[] | null> | null | undefined;

function portsFromInspect(ports: InspectPorts): ContainerSummary['ports'] {
  const out: ContainerSummary['ports'] = [];
  for (const [key, bindings] of Object.entries(ports ?? {})) {
    const [port, protocol = 'tcp'] = key.split('/');
    const privatePort = Number(port);
    if (!bindings || bindings.length === 0) {
      out.push({ privatePort, publicPort: null, ip: null, protocol });
      continue;
    }
    for (const binding of bindings) {
      out.push({
        privatePort,
        publicPort: binding.HostPort ? Number(binding.HostPort) : null,
        ip: binding.HostIp || null,
        protocol,
      });
    }
  }
  return out.sort((a, b) => a.privatePort - b.privatePort || (a.publicPort ?? 0) - (b.publicPort ?? 0));
}

type RawMount = {
  Type?: string;
  Name?: string;
  Source?: string;
  Destination?: string;
  RW?: boolean;
};

function mountsOf(mounts: RawMount[] | null | undefined): ContainerSummary['mounts'] {
  return (mounts ?? []).map((m) => ({
    type: m.Type ?? 'bind',
    name: m.Name || null,
    source: m.Source ?? '',
    destination: m.Destination ?? '',
    readOnly: m.RW === false,
  }));
}

function labelFacts(labels: Record<string, string> | null | undefined) {
  const all = labels ?? {};
  return {
    project: all['com.docker.compose.project'] ?? null,
    service: all['com.docker.compose.service'] ?? null,
    managed: all['dev.homelab.managed'] === 'true',
  };
}

/** A summary from `GET /containers/{id}/json`; `status` is filled in by statusLine() when served. */
export function summaryFromInspect(inspect: Dockerode.ContainerInspectInfo): ContainerSummary {
  const state = inspect.State ?? ({} as Dockerode.ContainerInspectInfo['State']);
  const normalized = normalizeState(state.Status);
  const exited = normalized === 'exited' || normalized === 'dead' || normalized === 'restarting';
  const summary: ContainerSummary = {
    id: inspect.Id,
    name: inspect.Name.replace(/^\//, ''),
    image: inspect.Config?.Image ?? inspect.Image,
    imageId: inspect.Image,
    command: [inspect.Path, ...(inspect.Args ?? [])].filter(Boolean).join(' '),
    state: normalized,
    status: '',
    health: normalizeHealth(state.Health?.Status),
    createdAt: inspect.Created,
    startedAt: timeOrNull(state.StartedAt),
    finishedAt: timeOrNull(state.FinishedAt),
    exitCode: exited ? (state.ExitCode ?? null) : null,
    restartCount: inspect.RestartCount ?? 0,
    ports: portsFromInspect(inspect.NetworkSettings?.Ports as InspectPorts),
    ...labelFacts(inspect.Config?.Labels),
    networks: Object.keys(inspect.NetworkSettings?.Networks ?? {}).sort(),
    mounts: mountsOf(inspect.Mounts as RawMount[]),
  };
  summary.status = statusLine(summary);
  return summary;
}

/**
 * A summary from a `GET /containers/json` row, for when inspecting fails: the row has no start or
 * finish time nor restart count, so those stay unknown.
 */
export function summaryFromList(info: Dockerode.ContainerInfo): ContainerSummary {
  const normalized = normalizeState(info.State);
  const health = /\(health: starting\)/.test(info.Status)
    ? 'starting'
    : /\(unhealthy\)/.test(info.Status)
      ? 'unhealthy'
      : /\(healthy\)/.test(info.Status)
        ? 'healthy'
        : 'none';
  const exitMatch = /^Exited \((\d+)\)/.exec(info.Status);
  return {
    id: info.Id,
    name: (info.Names?.[0] ?? info.Id.slice(0, 12)).replace(/^\//, ''),
    image: info.Image,
    imageId: info.ImageID,
    command: info.Command ?? '',
    state: normalized,
    status: info.Status,
    health,
    createdAt: new Date(info.Created * 1000).toISOString(),
    startedAt: null,
    finishedAt: null,
    exitCode: exitMatch ? Number(exitMatch[1]) : null,
    restartCount: 0,
    ports: (info.Ports ?? [])
      .map((p) => ({
        privatePort: p.PrivatePort,
        publicPort: p.PublicPort ?? null,
        ip: p.IP || null,
        protocol: p.Type,
      }))
      .sort((a, b) => a.privatePort - b.privatePort),
    ...labelFacts(info.Labels),
    networks: Object.keys(info.NetworkSettings?.Networks ?? {}).sort(),
    mounts: mountsOf(info.Mounts as RawMount[]),
  };
}

/** Docker's human duration (go-units HumanDuration), so the line reads like `docker ps`. */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < 1) return 'Less than a second';
  if (seconds === 1) return '1 second';
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.floor(seconds / 60);
  if (minutes === 1) return 'About a minute';
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.floor(ms / 3_600_000 + 0.5);
  if (hours === 1) return 'About an hour';
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.floor(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.floor(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24 / 30)} months`;
  return `${Math.floor(ms / 3_600_000 / 24 / 365)} years`;
}

/**
 * Docker's status line ("Up 5 minutes (healthy)", "Exited (0) 3 hours ago"). The cache computes it
 * when it serves a summary, because a line stored at inspect time would say "Up 2 seconds" forever.
 */
export function statusLine(summary: ContainerSummary, now = Date.now()): string {
  const since = (at: string | null) => humanDuration(at ? Math.max(0, now - Date.parse(at)) : 0);
  switch (summary.state) {
    case 'running':
    case 'paused': {
      if (!summary.startedAt) return summary.state === 'paused' ? 'Paused' : 'Up';
      const suffix =
        summary.state === 'paused'
          ? ' (Paused)'
          : summary.health === 'healthy'
            ? ' (healthy)'
            : summary.health === 'unhealthy'
              ? ' (unhealthy)'
              : summary.health === 'starting'
                ? ' (health: starting)'
                : '';
      return `Up ${since(summary.startedAt)}${suffix}`;
    }
    case 'restarting':
      return `Restarting (${summary.exitCode ?? 0}) ${since(summary.finishedAt)} ago`;
    case 'exited':
      return summary.finishedAt
        ? `Exited (${summary.exitCode ?? 0}) ${since(summary.finishedAt)} ago`
        : `Exited (${summary.exitCode ?? 0})`;
    case 'created':
      return 'Created';
    case 'removing':
      return 'Removal In Progress';
    case 'dead':
      return 'Dead';
  }
}
