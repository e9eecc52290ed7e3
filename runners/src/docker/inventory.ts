/**
 * The container list, kept in memory so that listing hundreds of containers never waits on the
 * engine: a full list+inspect on every (re)connect, then one inspect per container an event names
 * (bursts coalesced), and a full resync every minute to heal events lost in a reconnect.
 */
import type { ContainerSummary, DockerEvent } from '@homelab/db/docker';
import type { Logger } from '../log';
import type { Inventory } from './deps';
import type { Engine, EngineEvent } from './engine';
import { statusLine, summaryFromInspect, summaryFromList } from './summary';

export type InventoryOptions = {
  engine: Engine;
  log: Logger;
  resyncMs?: number;
  /** How long events for the same burst are gathered before their containers are inspected. */
  coalesceMs?: number;
  concurrency?: number;
};

export type LiveInventory = Inventory & {
  /** Resolves once the first full sync after the current connection is done (or after `timeoutMs`). */
  ready(timeoutMs?: number): Promise<void>;
  readonly size: number;
  close(): void;
};

// Actions that never change what a summary shows; inspecting on them would only cost engine calls.
const quietActions = /^(exec_|exec$|attach|detach|resize|top|export|copy|archive-path|extract-to-dir|commit)/;
const removedActions = new Set(['destroy', 'remove']);

function isNotFound(error: unknown) {
  return (error as { statusCode?: number }).statusCode === 404;
}

/** Runs `work` over `items` with at most `limit` in flight. */
async function eachLimited<T>(items: T[], limit: number, work: (item: T) => Promise<void>) {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

export function createInventory(options: InventoryOptions): LiveInventory {
  const { engine, resyncMs = 60_000, coalesceMs = 25, concurrency = 8 } = options;
  const log = options.log.child({ component: 'inventory' });
  const byId = new Map<string, ContainerSummary>();
  const listeners = new Set<(event: DockerEvent) => void>();
  // Each event bumps `seq` and stamps its container, so a full sync that began earlier does not
  // overwrite what an event applied meanwhile (that container gets its own inspect instead).
  let seq = 0;
  const touched = new Map<string, number>();
  const pending = new Map<string, string>();
  let flushTimer: NodeJS.Timeout | undefined;
  let flushing: Promise<void> | undefined;
  let syncing: Promise<void> | undefined;
  let synced = false;
  const readyWaiters: (() => void)[] = [];
  let closed = false;

  function emit(event: DockerEvent) {
    for (const listener of listeners) {
      try {
        listener(event);
      } catch (error) {
        log.error('inventory listener failed', { err: error });
      }
    }
  }

  function served(summary: ContainerSummary, now: number): ContainerSummary {
    // A summary from a list row has no start time; its engine-made line is the best there is.
    if (!summary.startedAt && !summary.finishedAt && summary.state !== 'created') return summary;
    return { ...summary, status: statusLine(summary, now) };
  }

  function same(a: ContainerSummary, b: ContainerSummary) {
    return JSON.stringify({ ...a, status: '' }) === JSON.stringify({ ...b, status: '' });
  }

  function apply(id: string, next: ContainerSummary | null, action: string, name: string | null) {
    const before = byId.get(id);
    if (next) byId.set(id, next);
    else byId.delete(id);
    if (!before && !next) return;
    emit({
      type: 'container',
      action,
      id,
      name: next?.name ?? before?.name ?? name,
      at: new Date().toISOString(),
      container: next ? served(next, Date.now()) : null,
    });
  }

  async function inspectInto(id: string, action: string) {
    const name = byId.get(id)?.name ?? null;
    try {
      const info = await engine.docker.getContainer(id).inspect();
      apply(info.Id, summaryFromInspect(info), action, name);
    } catch (error) {
      if (isNotFound(error)) apply(id, null, removedActions.has(action) ? action : 'destroy', name);
      else log.warn('inspecting a container failed', { id, err: error });
    }
  }

  function flush(): Promise<void> {
    clearTimeout(flushTimer);
    flushTimer = undefined;
    // One flush at a time, so two inspects of one container never land out of order.
    flushing = (flushing ?? Promise.resolve()).then(async () => {
      const batch = [...pending];
      pending.clear();
      await eachLimited(batch, concurrency, ([id, action]) => inspectInto(id, action));
    });
    const current = flushing;
    void current.finally(() => {
      if (flushing === current) flushing = undefined;
    });
    return current;
  }

  function onEngineEvent(event: EngineEvent) {
    if (closed) return;
    const at = new Date(event.timeNano ? event.timeNano / 1e6 : event.time * 1000).toISOString();
    if (event.Type !== 'container') {
      if (event.Type === 'image' || event.Type === 'volume' || event.Type === 'network') {
        emit({
          type: event.Type,
          action: event.Action,
          id: event.Actor?.ID ?? '',
          name: event.Actor?.Attributes?.name ?? null,
          at,
        });
      }
      return;
    }
    const id = event.Actor?.ID;
    if (!id || quietActions.test(event.Action)) return;
    touched.set(id, ++seq);
    if (removedActions.has(event.Action)) {
      pending.delete(id);
      apply(id, null, event.Action, event.Actor.Attributes?.name ?? null);
      return;
    }
    pending.set(id, event.Action);
    flushTimer ??= setTimeout(() => void flush(), coalesceMs);
  }

  async function fullSync() {
    const startSeq = seq;
    const docker = engine.require();
    const rows = await docker.listContainers({ all: true });
    const fresh = new Map<string, ContainerSummary>();
    await eachLimited(rows, concurrency, async (row) => {
      try {
        fresh.set(row.Id, summaryFromInspect(await docker.getContainer(row.Id).inspect()));
      } catch (error) {
        // Gone between list and inspect: leave it out. Anything else: the list row still says a lot.
        if (!isNotFound(error)) fresh.set(row.Id, summaryFromList(row));
      }
    });
    if (closed) return;
    const changedSince = (id: string) => (touched.get(id) ?? 0) > startSeq;
    for (const [id, before] of byId) {
      if (!fresh.has(id) && !changedSince(id)) apply(id, null, 'destroy', before.name);
    }
    for (const [id, next] of fresh) {
      if (changedSince(id)) continue;
      const before = byId.get(id);
      if (!before || !same(before, next)) apply(id, next, before ? 'update' : 'create', next.name);
      else byId.set(id, next);
    }
    for (const [id, at] of touched) if (at <= startSeq) touched.delete(id);
  }

  let again: Promise<void> | undefined;
  /** A full sync that starts now, or right after the one in flight (which may have begun too early). */
  function sync(): Promise<void> {
    if (syncing) {
      again ??= syncing.then(() => {
        again = undefined;
        return sync();
      });
      return again;
    }
    const run = fullSync().then(
      () => true,
      (error: unknown) => {
        if (engine.state().status === 'connected') log.warn('container resync failed', { err: error });
        return false;
      },
    );
    syncing = run.then((ok) => {
      syncing = undefined;
      if (!ok) return;
      synced = true;
      for (const resolve of readyWaiters.splice(0)) resolve();
    });
    return syncing;
  }

  const offEvent = engine.onEvent(onEngineEvent);
  const offState = engine.onState((state) => {
    if (state.status === 'connected') void sync();
    else synced = false;
  });
  if (engine.state().status === 'connected') void sync();
  const resync = setInterval(() => {
    if (engine.state().status === 'connected') void sync();
  }, resyncMs);
  resync.unref();

  return {
    list() {
      const now = Date.now();
      const out: ContainerSummary[] = [];
      for (const summary of byId.values()) out.push(served(summary, now));
      return out.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
    },
    get(ref) {
      const ref_ = ref.replace(/^\//, '');
      const exact = byId.get(ref_);
      if (exact) return served(exact, Date.now());
      let found: ContainerSummary | undefined;
      let matches = 0;
      for (const summary of byId.values()) {
        if (summary.name === ref_) return served(summary, Date.now());
        if (ref_.length >= 12 && summary.id.startsWith(ref_)) {
          found = summary;
          matches += 1;
        }
      }
      return found && matches === 1 ? served(found, Date.now()) : undefined;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async refresh(id) {
      if (!id) return sync();
      touched.set(id, ++seq);
      pending.set(id, pending.get(id) ?? 'update');
      await flush();
    },
    ready(timeoutMs = 5_000) {
      if (synced) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, timeoutMs);
        readyWaiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
    get size() {
      return byId.size;
    },
    close() {
      closed = true;
      offEvent();
      offState();
      clearInterval(resync);
      clearTimeout(flushTimer);
      listeners.clear();
      for (const resolve of readyWaiters.splice(0)) resolve();
    },
  };
}
