/**
 * What every part of the databases runner works with, built once by service.ts: the database, the
 * engine, the encryption key, the event bus and the per-instance busy marks.
 */
import type { Engine } from '../docker/engine';
import type { Logger } from '../log';
import type { Busy } from './busy';
import type { EventBus } from './events';
import type { Db, InstanceRow } from './store';
import { toInstance } from './store';

export type DatabasesDeps = {
  db: Db;
  engine: Engine;
  log: Logger;
  /** ENCRYPTION_KEY: base64 of 32 bytes. */
  key: string;
  /** Absolute; backups go to <backupDir>/<instance name>/. */
  backupDir: string;
  events: EventBus;
  busy: Busy;
  /** The host name shown in connection strings of instances exposed on the LAN. */
  publicHost: string;
  readiness: { timeoutMs: number; everyMs: number };
  /** Aborted when the runner stops: waits and engine calls of background work end with it. */
  signal: AbortSignal;
  /** Runs work that outlives the request (deploys, backups, deletes); the runner waits for it on stop. */
  background(name: string, task: () => Promise<unknown>): void;
};

/** Tells event subscribers an instance changed. */
export function announce(deps: DatabasesDeps, row: InstanceRow | undefined) {
  if (row) deps.events.publish({ type: 'instance', data: { instance: toInstance(row) } });
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
