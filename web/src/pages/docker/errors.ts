/** How the Docker pages explain a failed call: the engine down and the docker runner down read differently from a bug. */
import { ApiError } from '../../api/client';

export type Outage = 'engine' | 'runner' | null;

/** Which dependency is down, judging by the API's 503 code. */
export function outageOf(error: unknown): Outage {
  if (!(error instanceof ApiError) || error.status !== 503) return null;
  if (error.code === 'engine_unreachable') return 'engine';
  return 'runner';
}

export const outageText: Record<Exclude<Outage, null>, { title: string; hint: string }> = {
  engine: {
    title: 'Docker engine unreachable',
    hint: 'Is Docker running and is its socket mounted into the runners container? Retrying automatically.',
  },
  runner: {
    // Shared by the Docker and Databases pages; the message names which runner it is.
    title: 'Runner not connected',
    hint: 'The runners process talks to Docker for HomeLabHub. Start the runners and this page fills in by itself.',
  },
};

/** A message for a toast or a dialog, from whatever was thrown. */
export const messageOf = (error: unknown, fallback: string) =>
  error instanceof ApiError ? error.message : fallback;

export const isNotFound = (error: unknown) => error instanceof ApiError && error.status === 404;
