/**
 * Every call the Docker pages make to `/api/docker`, in one place: typed client calls for requests,
 * URL builders for the streams (SSE, the log download, the console WebSocket) that `hc` cannot open.
 */
import { api, unwrap } from '../../api/client';
import { postEventStream, type SseMessage } from '../../lib/sse';
import type {
  ContainerAction,
  ContainerSummary,
  EngineStatus,
  Image,
  Network,
  PruneResult,
  Stack,
  StackAction,
  StackCompose,
  StackRedeploy,
  Volume,
} from './types';

const docker = api.api.docker;
const enc = encodeURIComponent;

// ── Containers ────────────────────────────────────────────────────────────────────────────────

export const getEngineStatus = (): Promise<EngineStatus> => unwrap(docker.status.$get());

export const listContainers = (): Promise<{ engine: EngineStatus; containers: ContainerSummary[] }> =>
  unwrap(docker.containers.$get());

export const getContainer = (
  id: string,
): Promise<{ container: ContainerSummary; inspect: Record<string, unknown> }> =>
  unwrap(docker.containers[':id'].$get({ param: { id } }));

export const runContainerAction = async (id: string, action: ContainerAction): Promise<ContainerSummary> =>
  (await unwrap(docker.containers[':id'][':action'].$post({ param: { id, action } }))).container;

export const renameContainer = async (id: string, name: string): Promise<ContainerSummary> =>
  (await unwrap(docker.containers[':id'].rename.$post({ param: { id }, json: { name } }))).container;

export const removeContainer = async (id: string, options: { volumes: boolean; force: boolean }) => {
  await unwrap(docker.containers[':id'].$delete({ param: { id }, json: { confirm: true, ...options } }));
};

export interface LogOptions {
  tail: number;
  /** ISO time or Unix seconds; empty for "from the start of the tail". */
  since: string;
  timestamps: boolean;
  follow: boolean;
}

const logQuery = (options: Omit<LogOptions, 'follow'> & { follow?: boolean }) => {
  const query = new URLSearchParams({ tail: String(options.tail), timestamps: String(options.timestamps) });
  if (options.since) query.set('since', options.since);
  if (options.follow !== undefined) query.set('follow', String(options.follow));
  return query.toString();
};

export const streamUrls = {
  events: '/api/docker/events',
  allStats: '/api/docker/stats',
  stats: (id: string) => `/api/docker/containers/${enc(id)}/stats`,
  logs: (id: string, options: LogOptions) => `/api/docker/containers/${enc(id)}/logs?${logQuery(options)}`,
  logsDownload: (id: string, options: Omit<LogOptions, 'follow'>) =>
    `/api/docker/containers/${enc(id)}/logs/download?${logQuery(options)}`,
  /** The console WebSocket on this page's own host (cookies and the Origin check come along). */
  exec: (
    id: string,
    options: { cmd: readonly string[]; cols: number; rows: number },
    base = window.location,
  ) => {
    const query = new URLSearchParams({
      cmd: JSON.stringify(options.cmd),
      cols: String(options.cols),
      rows: String(options.rows),
    });
    const scheme = base.protocol === 'https:' ? 'wss:' : 'ws:';
    return `${scheme}//${base.host}/api/docker/containers/${enc(id)}/exec?${query}`;
  },
};

// ── Stacks ────────────────────────────────────────────────────────────────────────────────────

export const listStacks = (): Promise<Stack[]> => unwrap(docker.stacks.$get());

export const runStackAction = (name: string, action: StackAction): Promise<Stack> =>
  unwrap(docker.stacks[':name'][':action'].$post({ param: { name, action } }));

export const getStackCompose = (name: string): Promise<StackCompose> =>
  unwrap(docker.stacks[':name'].compose.$get({ param: { name } }));

export const redeployStack = (name: string): Promise<StackRedeploy> =>
  unwrap(docker.stacks[':name'].redeploy.$post({ param: { name } }));

// ── Images ────────────────────────────────────────────────────────────────────────────────────

export const listImages = (): Promise<Image[]> => unwrap(docker.images.$get());

export const removeImage = async (id: string, force: boolean) => {
  await unwrap(docker.images[':id'].$delete({ param: { id }, json: { confirm: true, force } }));
};

export const pruneImages = (all: boolean): Promise<PruneResult> =>
  unwrap(docker.images.prune.$post({ json: { confirm: true, all } }));

export const checkImageUpdates = (): Promise<{ queued: number }> =>
  unwrap(docker.images['check-updates'].$post());

/** Pulls an image, reporting each `progress`/`done`/`error` event; 4xx answers throw before any event. */
export const pullImage = (
  reference: string,
  onMessage: (message: SseMessage) => void,
  signal?: AbortSignal,
) => postEventStream('/api/docker/images/pull', { reference }, onMessage, signal);

// ── Volumes ───────────────────────────────────────────────────────────────────────────────────

export const listVolumes = (): Promise<Volume[]> => unwrap(docker.volumes.$get());

export const createVolume = (body: {
  name: string;
  driver: string;
  labels: Record<string, string>;
}): Promise<Volume> => unwrap(docker.volumes.$post({ json: body }));

export const removeVolume = async (name: string) => {
  await unwrap(docker.volumes[':name'].$delete({ param: { name }, json: { confirm: true } }));
};

export const pruneVolumes = (): Promise<PruneResult> =>
  unwrap(docker.volumes.prune.$post({ json: { confirm: true } }));

// ── Networks ──────────────────────────────────────────────────────────────────────────────────

export const listNetworks = (): Promise<Network[]> => unwrap(docker.networks.$get());

export const createNetwork = (body: {
  name: string;
  driver: 'bridge' | 'macvlan' | 'ipvlan';
  internal: boolean;
  subnet?: string;
}): Promise<Network> => unwrap(docker.networks.$post({ json: body }));

export const removeNetwork = async (id: string) => {
  await unwrap(docker.networks[':id'].$delete({ param: { id }, json: { confirm: true } }));
};

export const pruneNetworks = (): Promise<PruneResult> =>
  unwrap(docker.networks.prune.$post({ json: { confirm: true } }));
