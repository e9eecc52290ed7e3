/**
 * The containers' live state next to the rows: the row says what the runner last did, the engine
 * says what is true now (a database can crash or be stopped by hand). Unknown (null) while the
 * engine cannot be reached, so the list still answers.
 */
import type { DatabaseInstance } from '@homelab/db/databases';
import { containerStates } from '@homelab/db/docker';
import type { Engine } from '../docker/engine';
import type { Logger } from '../log';
import { databaseLabel } from './plan';
import type { InstanceRow } from './store';

export type Live = NonNullable<DatabaseInstance['live']>;

const known = new Set<string>(containerStates);

/** Podman says "stopped" and "configured" where Docker says "exited" and "created". */
export function normalState(state: string): Live['state'] {
  if (known.has(state)) return state as Live['state'];
  if (state === 'configured' || state === 'initialized') return 'created';
  if (state === 'stopping') return 'running';
  return 'exited';
}

/** The health in a list entry's status line, e.g. "Up 5 minutes (healthy)". */
export function healthFromStatus(status: string): Live['health'] {
  const match = /\((healthy|unhealthy|starting|health: starting)\)/.exec(status);
  if (!match) return 'none';
  return match[1] === 'health: starting' ? 'starting' : (match[1] as Live['health']);
}

const missing: Live = { state: 'missing', health: 'none', startedAt: null };

export async function liveStates(engine: Engine, log: Logger, rows: InstanceRow[]) {
  const result = new Map<string, Live | null>();
  if (engine.state().status !== 'connected') return result;
  try {
    const containers = await engine.docker.listContainers({ all: true, filters: { label: [databaseLabel] } });
    const byId = new Map(containers.map((info) => [info.Labels?.[databaseLabel], info]));
    for (const row of rows) {
      const info = byId.get(row.id);
      result.set(
        row.id,
        info
          ? { state: normalState(info.State), health: healthFromStatus(info.Status ?? ''), startedAt: null }
          : missing,
      );
    }
  } catch (error) {
    log.warn('could not list database containers', { err: error });
  }
  return result;
}

export async function liveOf(engine: Engine, row: InstanceRow): Promise<Live | null> {
  if (engine.state().status !== 'connected') return null;
  try {
    const info = await engine.docker.getContainer(row.containerName).inspect();
    const health = info.State.Health?.Status;
    return {
      state: normalState(info.State.Status),
      health: health === 'healthy' || health === 'unhealthy' || health === 'starting' ? health : 'none',
      startedAt:
        info.State.Running && info.State.StartedAt ? new Date(info.State.StartedAt).toISOString() : null,
    };
  } catch (error) {
    return (error as { statusCode?: number }).statusCode === 404 ? missing : null;
  }
}
