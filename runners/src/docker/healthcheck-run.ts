/**
 * Podman runs healthchecks from systemd timers; on a host or container without systemd they never
 * run and the status stays "starting" forever. Whoever waits on a container's health there runs
 * the check itself, through Podman's native API, when the engine has not run it for an interval.
 */
import type Dockerode from 'dockerode';

type HealthFacts = {
  Config?: { Healthcheck?: { Test?: string[]; Interval?: number } };
  State?: { Health?: { Status?: string; Log?: { End?: string }[] | null } };
};

/** Docker's and Podman's interval when the healthcheck names none: 30 s. */
const defaultIntervalNs = 30e9;

/** Whether the container's healthcheck is due: it has one, and no run ended within its interval. */
export function healthcheckDue(info: HealthFacts, now: number, waitingSince: number): boolean {
  const test = info.Config?.Healthcheck?.Test ?? [];
  if (test.length === 0 || test[0] === 'NONE') return false;
  const intervalMs = (info.Config?.Healthcheck?.Interval || defaultIntervalNs) / 1e6;
  const lastEnd = Date.parse(info.State?.Health?.Log?.at(-1)?.End ?? '');
  // The first run comes one interval after the wait began, as the engine's own schedule would.
  const last = Number.isNaN(lastEnd) ? waitingSince : Math.max(lastEnd, waitingSince);
  return now - last >= intervalMs;
}

/** Runs the container's healthcheck once; the outcome lands in its inspected health state. */
export function runPodmanHealthcheck(docker: Dockerode, id: string): Promise<void> {
  return new Promise((resolve, reject) =>
    docker.modem.dial(
      {
        path: `/v4.0.0/libpod/containers/${encodeURIComponent(id)}/healthcheck?`,
        method: 'GET',
        options: {},
        statusCodes: {
          200: true,
          404: 'no such container',
          409: 'the container is not running or has no healthcheck',
          500: 'server error',
        },
      },
      (error: unknown) => (error ? reject(error) : resolve()),
    ),
  );
}
