/**
 * Decisions the containers table makes, kept apart from the components so they can be tested:
 * how a state reads, which rows a filter keeps, how rows group into stacks, how a live event
 * patches the list, and which actions a container's state allows.
 */
// @unocss-include: the icon classes below are plain strings in a .ts file, which UnoCSS skips by default.
import { formatRelative, formatUptime } from '../../lib/format';
import type { Tone } from '../../ui/Badge';
import type { ContainerAction, ContainerPort, ContainerState, ContainerSummary, DockerEvent } from './types';

export const stateLook: Record<ContainerState, { tone: Tone; text: string; icon: string }> = {
  running: { tone: 'ok', text: 'Running', icon: 'i-ph-play-circle' },
  paused: { tone: 'warn', text: 'Paused', icon: 'i-ph-pause-circle' },
  restarting: { tone: 'warn', text: 'Restarting', icon: 'i-ph-arrows-clockwise' },
  created: { tone: 'info', text: 'Created', icon: 'i-ph-circle-dashed' },
  removing: { tone: 'warn', text: 'Removing', icon: 'i-ph-trash' },
  exited: { tone: 'neutral', text: 'Exited', icon: 'i-ph-stop-circle' },
  dead: { tone: 'danger', text: 'Dead', icon: 'i-ph-skull' },
};

/** A crash reads differently from a clean stop: exited with a non-zero code is shown as a failure. */
export function describeState(c: Pick<ContainerSummary, 'state' | 'exitCode'>) {
  const look = stateLook[c.state];
  if (c.state === 'exited' && c.exitCode !== null && c.exitCode !== 0) {
    return { ...look, tone: 'danger' as Tone, text: `Exited (${c.exitCode})` };
  }
  return look;
}

export const healthLook: Record<ContainerSummary['health'], { tone: Tone; text: string } | null> = {
  healthy: { tone: 'ok', text: 'Healthy' },
  unhealthy: { tone: 'danger', text: 'Unhealthy' },
  starting: { tone: 'info', text: 'Starting' },
  none: null,
};

export type StateFilter = 'all' | 'running' | 'stopped' | 'paused' | 'unhealthy';

export const stateFilters: readonly { value: StateFilter; label: string }[] = [
  { value: 'all', label: 'All states' },
  { value: 'running', label: 'Running' },
  { value: 'stopped', label: 'Stopped' },
  { value: 'paused', label: 'Paused' },
  { value: 'unhealthy', label: 'Unhealthy' },
];

const isStopped = (state: ContainerState) => state === 'exited' || state === 'created' || state === 'dead';

/** Rows whose name, image or stack contains `text` (any case) and whose state fits `state`. */
export function filterContainers(
  list: readonly ContainerSummary[],
  text: string,
  state: StateFilter,
): ContainerSummary[] {
  const needle = text.trim().toLowerCase();
  return list.filter((c) => {
    if (state === 'running' && c.state !== 'running' && c.state !== 'restarting') return false;
    if (state === 'stopped' && !isStopped(c.state)) return false;
    if (state === 'paused' && c.state !== 'paused') return false;
    if (state === 'unhealthy' && c.health !== 'unhealthy') return false;
    if (!needle) return true;
    return [c.name, c.image, c.project ?? ''].some((field) => field.toLowerCase().includes(needle));
  });
}

export const byName = (a: { name: string }, b: { name: string }) =>
  a.name.localeCompare(b.name, undefined, { numeric: true, sensitivity: 'base' });

export interface StackGroup {
  /** The compose project, or null for containers outside any stack. */
  stack: string | null;
  containers: ContainerSummary[];
  running: number;
}

/** Stacks in name order, containers by name within each, and the loose containers last. */
export function groupByStack(list: readonly ContainerSummary[]): StackGroup[] {
  const groups = new Map<string | null, ContainerSummary[]>();
  for (const c of list) {
    const key = c.project ?? null;
    const group = groups.get(key);
    if (group) group.push(c);
    else groups.set(key, [c]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a === null ? 1 : b === null ? -1 : a.localeCompare(b)))
    .map(([stack, containers]) => ({
      stack,
      containers: containers.sort(byName),
      running: containers.filter((c) => c.state === 'running').length,
    }));
}

/**
 * Applies one engine event to the list: a container event carries the container as it is now
 * (replace or add it) or null once it is gone (drop it). Other events leave the list as it is.
 */
export function applyEvent(
  list: readonly ContainerSummary[],
  event: DockerEvent,
): readonly ContainerSummary[] {
  if (event.type !== 'container' || event.container === undefined) return list;
  const index = list.findIndex((c) => c.id === event.id || c.id === event.container?.id);
  if (event.container === null) return index === -1 ? list : list.filter((_, i) => i !== index);
  if (index === -1) return [...list, event.container];
  const next = [...list];
  next[index] = event.container;
  return next;
}

/** What a state change sounds like to a screen reader: "web is now running". */
export function describeChange(before: ContainerSummary | undefined, event: DockerEvent): string | null {
  if (event.type !== 'container' || event.container === undefined) return null;
  const name = event.container?.name ?? before?.name ?? event.name ?? event.id.slice(0, 12);
  if (event.container === null) return before ? `${name} was removed` : null;
  if (!before) return `${name} was created`;
  if (before.state !== event.container.state) {
    return `${name} is now ${describeState(event.container).text.toLowerCase()}`;
  }
  if (before.health !== event.container.health && event.container.health !== 'none') {
    return `${name} is now ${event.container.health}`;
  }
  return null;
}

/** The actions that make sense in a state; the server refuses the others with 409 anyway. */
export function allowedActions(state: ContainerState): ContainerAction[] {
  switch (state) {
    case 'running':
      return ['stop', 'restart', 'pause', 'kill'];
    case 'paused':
      return ['unpause', 'stop', 'kill'];
    case 'restarting':
      return ['stop', 'kill'];
    case 'created':
    case 'exited':
    case 'dead':
      return ['start'];
    case 'removing':
      return [];
  }
}

export type BulkAction = 'start' | 'stop' | 'restart';

/** Which of the selected containers a bulk action applies to (starting a running one is a no-op). */
export function bulkTargets(list: readonly ContainerSummary[], action: BulkAction): ContainerSummary[] {
  return list.filter((c) => {
    if (action === 'start') return c.state === 'exited' || c.state === 'created' || c.state === 'dead';
    if (action === 'stop') return c.state === 'running' || c.state === 'paused' || c.state === 'restarting';
    return c.state !== 'removing';
  });
}

export const actionLook: Record<
  ContainerAction,
  { label: string; busy: string; done: string; icon: string }
> = {
  start: { label: 'Start', busy: 'Starting…', done: 'started', icon: 'i-ph-play' },
  stop: { label: 'Stop', busy: 'Stopping…', done: 'stopped', icon: 'i-ph-stop' },
  restart: { label: 'Restart', busy: 'Restarting…', done: 'restarted', icon: 'i-ph-arrows-clockwise' },
  pause: { label: 'Pause', busy: 'Pausing…', done: 'paused', icon: 'i-ph-pause' },
  unpause: { label: 'Resume', busy: 'Resuming…', done: 'resumed', icon: 'i-ph-play-pause' },
  kill: { label: 'Kill', busy: 'Killing…', done: 'killed', icon: 'i-ph-lightning' },
};

export interface PortView {
  /** "8080→80/tcp" or "80/tcp" when not published. */
  text: string;
  /** A link to open for published TCP ports. */
  href: string | null;
}

/**
 * Ports as people read them: published ones first, IPv4 and IPv6 bindings of the same port shown
 * once, and a link for published TCP ports on the host this page was loaded from.
 */
export function describePorts(ports: readonly ContainerPort[], host = 'localhost'): PortView[] {
  const seen = new Set<string>();
  const views: (PortView & { order: number })[] = [];
  for (const p of ports) {
    const text = p.publicPort
      ? `${p.publicPort}→${p.privatePort}/${p.protocol}`
      : `${p.privatePort}/${p.protocol}`;
    if (seen.has(text)) continue;
    seen.add(text);
    const local = p.ip === '127.0.0.1' || p.ip === '::1';
    views.push({
      text,
      href:
        p.publicPort && p.protocol === 'tcp' && !local
          ? `http://${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${p.publicPort}`
          : null,
      order: p.publicPort ?? 100_000 + p.privatePort,
    });
  }
  return views.sort((a, b) => a.order - b.order).map(({ text, href }) => ({ text, href }));
}

/** The uptime cell: how long it has been up, or when it stopped; "—" for one that never ran. */
export function uptimeText(
  c: Pick<ContainerSummary, 'state' | 'startedAt' | 'finishedAt'>,
  now = Date.now(),
) {
  if (c.state === 'running' || c.state === 'paused' || c.state === 'restarting') {
    return formatUptime(c.startedAt, now);
  }
  const finished = c.finishedAt ? Date.parse(c.finishedAt) : Number.NaN;
  if (Number.isNaN(finished) || finished <= 0) return '—';
  return `stopped ${formatRelative(c.finishedAt, now)}`;
}

/** The toast after a bulk action: "Stopped 3 containers", plus what failed and why. */
export function bulkSummary(
  action: ContainerAction | 'remove',
  done: number,
  failures: readonly { name: string; message: string }[],
): { message: string; tone: 'ok' | 'danger' } {
  const verb =
    action === 'remove' ? 'Removed' : actionLook[action].done.replace(/^./, (l) => l.toUpperCase());
  const parts: string[] = [];
  if (done > 0) parts.push(`${verb} ${done} ${done === 1 ? 'container' : 'containers'}.`);
  if (failures.length > 0) {
    parts.push(`${failures.length} failed: ${failures.map((f) => `${f.name} (${f.message})`).join('; ')}`);
  }
  return { message: parts.join(' ') || 'Nothing to do.', tone: failures.length > 0 ? 'danger' : 'ok' };
}
