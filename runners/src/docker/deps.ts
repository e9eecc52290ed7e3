/**
 * What every part of the docker runner is built from: the one engine connection, the logger and the
 * container inventory. Sibling route modules (stacks, images, volumes, networks) code against these
 * types so that they can be written and tested apart from the runner that wires them.
 */
import type { ContainerSummary, DockerEvent } from '@homelab/db/docker';
import type { Logger } from '../log';
import type { Engine } from './engine';

/** The in-memory, event-fed view of every container the engine has (see inventory.ts). */
export type Inventory = {
  /** Every known container, newest first; never calls the engine. */
  list(): ContainerSummary[];
  /** By full id, an id prefix of 12+ characters, or name (with or without the leading "/"). */
  get(ref: string): ContainerSummary | undefined;
  /** Called for every change the inventory applies; returns an unsubscribe function. */
  subscribe(listener: (event: DockerEvent) => void): () => void;
  /** Re-inspects one container now (after an action), or resyncs everything when no id is given. */
  refresh(id?: string): Promise<void>;
};

export type DockerDeps = {
  engine: Engine;
  log: Logger;
  inventory: Inventory;
};
