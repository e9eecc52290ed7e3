/**
 * container.died comes from the engine, not from a table: a `die` event with a non-zero exit code
 * (a clean stop exits 0, and `docker stop` of a process that ignores SIGTERM exits 137 after the
 * kill, which is still worth knowing) becomes an outbox event.
 */
import type { EngineEvent } from '../docker/engine';

export type ContainerDeath = {
  containerId: string;
  name: string | null;
  image: string | null;
  exitCode: number;
  at: string;
};

/** The death an engine event reports, or null when it is anything else. */
export function containerDeath(event: EngineEvent): ContainerDeath | null {
  if (event.Type !== 'container' || event.Action !== 'die') return null;
  const attributes = event.Actor.Attributes ?? {};
  const exitCode = Number(attributes.exitCode ?? '0');
  if (!Number.isFinite(exitCode) || exitCode === 0) return null;
  const at = event.timeNano ? new Date(Math.floor(event.timeNano / 1e6)) : new Date(event.time * 1000);
  return {
    containerId: event.Actor.ID,
    name: attributes.name ?? null,
    image: attributes.image ?? null,
    exitCode,
    at: at.toISOString(),
  };
}
