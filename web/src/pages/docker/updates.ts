/**
 * One-click container updates on the Docker pages: the calls, and how an update's steps and outcome
 * read. Steps come from the runner as they happen; the ones not reached yet show as waiting.
 */

import type { ContainerUpdate, UpdateProgress, UpdateStep } from '@homelab/db/docker-updates';
import { createSignal, onCleanup, onMount } from 'solid-js';
import { api, unwrap } from '../../api/client';
import type { Tone } from '../../ui/Badge';
import { listImages } from './api';

export type { ContainerUpdate };

const docker = api.api.docker;

export const startUpdate = async (id: string): Promise<ContainerUpdate> =>
  (await unwrap(docker.containers[':id'].update.$post({ param: { id } }))).update as ContainerUpdate;

export const listUpdates = async (container: string): Promise<ContainerUpdate[]> =>
  (await unwrap(docker.updates.$get({ query: { container } }))).updates as ContainerUpdate[];

export const getUpdate = async (id: string): Promise<ContainerUpdate> =>
  (await unwrap(docker.updates[':id'].$get({ param: { id } }))).update as ContainerUpdate;

/** The steps shown, in the order the runner runs them. */
export const shownSteps: readonly { step: UpdateStep; label: string }[] = [
  { step: 'pull', label: 'Pull the new image' },
  { step: 'stop', label: 'Stop the container' },
  { step: 'snapshot', label: 'Snapshot its volumes' },
  { step: 'recreate', label: 'Recreate it on the new image' },
  { step: 'health', label: 'Wait until it is healthy' },
  { step: 'done', label: 'Done' },
];

export type StepState = 'waiting' | 'running' | 'done' | 'failed';
export type StepRow = { label: string; state: StepState; detail: string | null };

/** Each shown step with how far it got, and the rollback as a last row when there was one. */
export function stepRows(update: Pick<ContainerUpdate, 'progress' | 'status'>): StepRow[] {
  const latest = new Map<UpdateProgress['step'], UpdateProgress>();
  for (const entry of update.progress) latest.set(entry.step, entry);
  const rows: StepRow[] = shownSteps.map(({ step, label }) => {
    const entry = latest.get(step);
    return { label, state: entry?.status ?? 'waiting', detail: entry?.detail ?? null };
  });
  const rollback = latest.get('rollback');
  if (rollback)
    rows.push({
      label: 'Roll back to the old container',
      state: rollback.status,
      detail: rollback.detail,
    });
  // An update that finished early (already current, or failed before a change) skips the rest.
  return update.status === 'updating' ? rows : rows.filter((row) => row.state !== 'waiting');
}

export const updateStatusLook: Record<ContainerUpdate['status'], { tone: Tone; text: string; icon: string }> =
  {
    updating: { tone: 'info', text: 'Updating', icon: 'i-ph-arrows-clockwise' },
    succeeded: { tone: 'ok', text: 'Updated', icon: 'i-ph-check-circle' },
    rolled_back: { tone: 'warn', text: 'Rolled back', icon: 'i-ph-arrow-counter-clockwise' },
    failed: { tone: 'danger', text: 'Failed', icon: 'i-ph-x-circle' },
  };

export const stepLook: Record<StepState, { icon: string; text: string; class: string }> = {
  waiting: { icon: 'i-ph-circle', text: 'waiting', class: 'text-ink-muted' },
  running: { icon: 'i-ph-circle-notch animate-spin', text: 'in progress', class: 'text-cyan-300' },
  done: { icon: 'i-ph-check-circle', text: 'done', class: 'text-ok-300' },
  failed: { icon: 'i-ph-x-circle', text: 'failed', class: 'text-danger-300' },
};

/**
 * The ids of images whose registry has a newer build of their tag, for the containers list. The
 * check runs on the runner in the background, so the list is read again every few minutes; a failure
 * only means no badges.
 */
export function createUpdatableImages(everyMs = 5 * 60_000) {
  const [ids, setIds] = createSignal<ReadonlySet<string>>(new Set());
  const load = () =>
    listImages()
      .then((images) => setIds(new Set(images.filter((i) => i.update === 'available').map((i) => i.id))))
      .catch(() => {});
  let timer: ReturnType<typeof setInterval> | undefined;
  onMount(() => {
    void load();
    timer = setInterval(() => void load(), everyMs);
  });
  onCleanup(() => clearInterval(timer));
  return ids;
}
