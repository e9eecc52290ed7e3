/**
 * Decisions the Databases page makes, apart from its components so they can be tested: how an
 * instance's state reads, which actions it allows, how deploy progress ticks through its steps,
 * how a password is hidden inside a connection string, and the form's client-side hints.
 */
import type { Tone } from '../../ui/Badge';
import type { DatabaseInstance, DatabaseTemplate, InstanceAction, ProgressEvent } from './types';

/** What an instance's lifecycle status and its container's live state add up to. */
export function instanceLook(instance: Pick<DatabaseInstance, 'status' | 'live'>): {
  tone: Tone;
  text: string;
} {
  switch (instance.status) {
    case 'deploying':
      return { tone: 'info', text: 'Deploying…' };
    case 'deleting':
      return { tone: 'warn', text: 'Deleting…' };
    case 'failed':
      return { tone: 'danger', text: 'Failed' };
    case 'stopped':
      return { tone: 'neutral', text: 'Stopped' };
    case 'running': {
      const live = instance.live;
      if (!live) return { tone: 'ok', text: 'Running' };
      if (live.state === 'missing') return { tone: 'danger', text: 'Container missing' };
      if (live.state !== 'running') return { tone: 'warn', text: `Container ${live.state}` };
      if (live.health === 'unhealthy') return { tone: 'danger', text: 'Unhealthy' };
      if (live.health === 'starting') return { tone: 'info', text: 'Starting' };
      return { tone: 'ok', text: 'Running' };
    }
  }
}

/** Busy instances take no actions; a stopped or failed one can be started, a running one stopped or restarted. */
export function allowedInstanceActions(
  instance: Pick<DatabaseInstance, 'status' | 'live'>,
): InstanceAction[] {
  switch (instance.status) {
    case 'running':
      return instance.live && instance.live.state !== 'running' ? ['start', 'stop'] : ['stop', 'restart'];
    case 'stopped':
    case 'failed':
      return ['start'];
    default:
      return [];
  }
}

/** The steps of a deploy, in order, as the runner names them. */
export const deploySteps = [
  { id: 'image', label: 'Get the image' },
  { id: 'network', label: 'Create the network' },
  { id: 'volume', label: 'Create the data volume' },
  { id: 'container', label: 'Create the container' },
  { id: 'start', label: 'Start the container' },
  { id: 'ready', label: 'Wait until it accepts connections' },
] as const;

export type StepState = 'pending' | 'active' | 'done' | 'failed';

export interface DeployProgress {
  steps: { id: string; label: string; state: StepState }[];
  /** The latest message, for the status line. */
  message: string;
  finished: boolean;
  error: string | null;
}

/**
 * The checklist after some progress events of one deploy: steps before the current one are done,
 * the current one is active (or failed), and a `done` event without an error completes them all.
 */
export function deployProgress(events: readonly ProgressEvent[]): DeployProgress {
  const last = events.at(-1);
  const failed = events.find((e) => e.error);
  const completed = events.some((e) => e.done && !e.error);
  // A restore into a new instance adds a step after "ready".
  const extra = events.some((e) => e.step === 'restore')
    ? [{ id: 'restore', label: 'Restore the backup' }]
    : [];
  const all = [...deploySteps, ...extra];
  const indexOf = (step: string) => all.findIndex((s) => s.id === step);
  const reached = Math.max(-1, ...events.map((e) => indexOf(e.step)).filter((i) => i >= 0));
  const steps = all.map((step, i) => {
    let state: StepState = 'pending';
    if (completed || i < reached) state = 'done';
    else if (i === reached) state = failed ? 'failed' : 'active';
    return { id: step.id, label: step.label, state };
  });
  return {
    steps,
    message: last?.message ?? 'Waiting for the runner…',
    finished: completed || Boolean(failed),
    error: failed?.error ?? null,
  };
}

const mask = '••••••••';

/** The text with the password (as typed and URL-encoded) hidden, for showing a connection string before "Show". */
export function maskSecret(text: string, secret: string): string {
  if (!secret) return text;
  const forms = [...new Set([secret, encodeURIComponent(secret)])].sort((a, b) => b.length - a.length);
  return forms.reduce((out, form) => out.split(form).join(mask), text);
}

/** The same rule the API applies to instance names (it becomes a hostname), as a hint before sending. */
export function nameProblem(name: string): string | null {
  if (!name) return 'Give it a name.';
  if (name.length > 57) return 'At most 57 characters.';
  if (!/^[a-z0-9][a-z0-9-]*$/.test(name))
    return 'Only lowercase letters, digits and "-", starting with a letter or digit.';
  return null;
}

export function identifierProblem(value: string): string | null {
  if (!value) return null;
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(value)) {
    return 'Start with a lowercase letter or "_"; then lowercase letters, digits and "_" (at most 63).';
  }
  return null;
}

export function portProblem(value: string): string | null {
  const port = Number(value);
  if (!value || !Number.isInteger(port) || port < 1024 || port > 65_535) return 'A port from 1024 to 65535.';
  return null;
}

/** A name that is free, based on the template: "postgres", "postgres-2", … */
export function suggestName(template: Pick<DatabaseTemplate, 'id'>, taken: readonly string[]): string {
  const used = new Set(taken);
  if (!used.has(template.id)) return template.id;
  for (let n = 2; ; n++) if (!used.has(`${template.id}-${n}`)) return `${template.id}-${n}`;
}

export const exposures = [
  {
    value: 'none',
    label: 'Only other containers on its network',
    hint: 'Safest: nothing outside Docker can reach it.',
  },
  { value: 'localhost', label: 'This server only (127.0.0.1)', hint: 'Apps on the host, or an SSH tunnel.' },
  { value: 'lan', label: 'The whole LAN (0.0.0.0)', hint: 'Anyone on your network can try to log in.' },
] as const;

export const schedulePresets = [
  { value: '', label: 'Off' },
  { value: '0 3 * * *', label: 'Daily at 03:00' },
  { value: '0 */6 * * *', label: 'Every 6 hours' },
  { value: '0 * * * *', label: 'Hourly' },
  { value: '0 3 * * 0', label: 'Weekly, Sunday 03:00' },
] as const;

/** Puts an item in a list by id: replaced where it was, or added at the front. */
export function upsertById<T extends { id: string }>(list: readonly T[], item: T): T[] {
  const index = list.findIndex((x) => x.id === item.id);
  if (index === -1) return [item, ...list];
  const next = [...list];
  next[index] = item;
  return next;
}

/** A schedule as people say it: the preset's name when it is one, the pattern otherwise. */
export function scheduleText(cron: string | null, retention: number): string {
  if (!cron) return 'Manual only';
  const preset = schedulePresets.find((p) => p.value === cron);
  return `${preset ? preset.label : `cron ${cron}`}, keep ${retention}`;
}
