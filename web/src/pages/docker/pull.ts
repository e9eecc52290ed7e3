/**
 * Folds the engine's pull progress events into one bar per layer plus an overall status line,
 * the way `docker pull` prints them.
 */
import type { PullProgress } from './types';

export interface LayerProgress {
  id: string;
  status: string;
  current: number | null;
  total: number | null;
  done: boolean;
}

export interface PullState {
  layers: readonly LayerProgress[];
  /** The latest line without a layer id: "Pulling from library/nginx", "Digest: sha256:…". */
  message: string;
}

export const emptyPull: PullState = { layers: [], message: '' };

const finished = /^(pull complete|already exists|download complete)$/i;

export function applyProgress(state: PullState, event: PullProgress): PullState {
  if (!event.id || !/^[0-9a-f]{6,}$/i.test(event.id)) {
    // Lines without a layer ("latest: Pulling from …", "Digest: …") are the overall status.
    return { ...state, message: event.id ? `${event.id}: ${event.status}` : event.status };
  }
  const done = finished.test(event.status);
  const index = state.layers.findIndex((l) => l.id === event.id);
  const before = index === -1 ? null : state.layers[index]!;
  const layer: LayerProgress = {
    id: event.id,
    status: event.status,
    current: done ? (before?.total ?? event.total ?? null) : (event.current ?? before?.current ?? null),
    total: event.total ?? before?.total ?? null,
    done: done || (before?.done ?? false),
  };
  const layers = [...state.layers];
  if (index === -1) layers.push(layer);
  else layers[index] = layer;
  return { ...state, layers };
}

/** Bytes downloaded over bytes known, across layers; null until some layer reports a total. */
export function overallProgress(state: PullState): { current: number; total: number } | null {
  const sized = state.layers.filter((l) => l.total !== null && l.total > 0);
  if (sized.length === 0) return null;
  return {
    current: sized.reduce((sum, l) => sum + Math.min(l.current ?? 0, l.total!), 0),
    total: sized.reduce((sum, l) => sum + l.total!, 0),
  };
}
