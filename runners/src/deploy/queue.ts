/**
 * One deploy at a time. A trigger while one runs becomes the next run; more triggers before that
 * one starts join it (it deploys the branch's tip, which is what every one of them asked for), so
 * none is lost and none runs twice.
 */
import type { DeploymentSource } from '@homelab/db/deploy';

export type DeployTrigger = { source: DeploymentSource; triggeredBy: string | null };

/** Runs one deploy; calls `started` with its row id as soon as the row exists (null: no row). */
export type RunDeploy = (trigger: DeployTrigger, started: (id: string | null) => void) => Promise<void>;

export type DeployQueue = {
  /** `started` settles with the row id of the run this trigger belongs to, once it has begun. */
  trigger(trigger: DeployTrigger): { queued: boolean; started: Promise<string | null> };
  busy(): boolean;
  queued(): boolean;
  /** Settles when nothing runs and nothing waits. */
  idle(): Promise<void>;
};

type Waiting = {
  trigger: DeployTrigger;
  started: Promise<string | null>;
  resolve: (id: string | null) => void;
};

function waiting(trigger: DeployTrigger): Waiting {
  let resolve!: (id: string | null) => void;
  const started = new Promise<string | null>((r) => {
    resolve = r;
  });
  return { trigger, started, resolve };
}

export function createDeployQueue(run: RunDeploy, onError: (error: unknown) => void): DeployQueue {
  let running: Promise<void> | null = null;
  let next: Waiting | null = null;

  const start = (item: Waiting) => {
    let told = false;
    const tell = (id: string | null) => {
      if (told) return;
      told = true;
      item.resolve(id);
    };
    running = run(item.trigger, tell)
      .catch(onError)
      .finally(() => {
        tell(null);
        running = null;
        const following = next;
        next = null;
        if (following) start(following);
      });
  };

  return {
    trigger(trigger) {
      if (!running) {
        const item = waiting(trigger);
        start(item);
        return { queued: false, started: item.started };
      }
      next ??= waiting(trigger);
      return { queued: true, started: next.started };
    },
    busy: () => running !== null,
    queued: () => next !== null,
    async idle() {
      while (running) await running;
    },
  };
}
