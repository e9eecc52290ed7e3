/**
 * One operation at a time per instance (deploy, backup, restore, rotation, start/stop, delete):
 * two at once would race on the same container, e.g. a dump reading while a restore drops tables.
 * A second request gets a 409 naming what is under way instead of waiting.
 */
import { HttpError } from '../internal/errors';

export type Busy = {
  /** Marks the instance busy with `operation`; the returned function frees it. */
  acquire(instanceId: string, operation: string): () => void;
  operationOf(instanceId: string): string | undefined;
  readonly size: number;
};

export function createBusy(): Busy {
  const operations = new Map<string, string>();
  return {
    acquire(instanceId, operation) {
      const current = operations.get(instanceId);
      if (current)
        throw new HttpError(
          409,
          'busy',
          `This database is busy with a ${current}; try again when it is done.`,
        );
      operations.set(instanceId, operation);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        operations.delete(instanceId);
      };
    },
    operationOf: (instanceId) => operations.get(instanceId),
    get size() {
      return operations.size;
    },
  };
}
