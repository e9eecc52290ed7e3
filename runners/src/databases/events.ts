/**
 * The databases runner's live events for GET /databases/events: progress of long operations and
 * changed instances and backups. In memory only: a client that connects later reads the current
 * state from the list routes, so nothing is replayed.
 */
import type { DatabaseBackup, DatabaseInstance, ProgressEvent } from '@homelab/db/databases';
import { createFeed } from '../internal/feed';

export type DatabaseEvent =
  | { type: 'progress'; data: ProgressEvent }
  | { type: 'instance'; data: { instance: DatabaseInstance } }
  | { type: 'deleted'; data: { id: string; name: string } }
  | { type: 'backup'; data: { backup: DatabaseBackup } };

export type EventBus = {
  publish(event: DatabaseEvent): void;
  /** A progress event stamped now. */
  progress(
    instanceId: string,
    step: string,
    message: string,
    extra?: { done?: boolean; error?: string },
  ): void;
  /** Returns the unsubscribe function; `onClose` runs if the bus closes first (the runner stops). */
  subscribe(listener: (event: DatabaseEvent) => void, onClose?: () => void): () => void;
  close(): void;
  readonly subscribers: number;
};

export function createEventBus(): EventBus {
  const feed = createFeed<DatabaseEvent>();
  return {
    publish: feed.publish,
    progress(instanceId, step, message, extra = {}) {
      feed.publish({
        type: 'progress',
        data: { instanceId, step, message, at: new Date().toISOString(), ...extra },
      });
    },
    subscribe: feed.subscribe,
    close: feed.close,
    get subscribers() {
      return feed.subscribers;
    },
  };
}
