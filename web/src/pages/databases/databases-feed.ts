/**
 * The Databases page's live data: templates, instances (patched by `instance` and `deleted`
 * events), progress per instance (`progress`) and the backups lists opened so far (`backup`).
 */
import { createSignal, onCleanup } from 'solid-js';
import { createEventStream } from '../../lib/sse';
import { createRetryingLoad } from '../docker/retrying-load';
import type { EngineStatus } from '../docker/types';
import { databaseUrls, listBackups, listInstances, listTemplates } from './api';
import { upsertById } from './instances';
import type { DatabaseBackup, DatabaseInstance, DatabaseTemplate, ProgressEvent } from './types';

/** Progress events kept per instance: enough for a deploy's steps and a few backups. */
const keptProgress = 40;

export function createDatabasesFeed(announce?: (message: string) => void) {
  const [templates, setTemplates] = createSignal<DatabaseTemplate[] | null>(null);
  const [templatesError, setTemplatesError] = createSignal<unknown>(null);
  const [instances, setInstances] = createSignal<DatabaseInstance[] | null>(null);
  const [engine, setEngine] = createSignal<EngineStatus | null>(null);
  const [progress, setProgress] = createSignal<Record<string, ProgressEvent[]>>({});
  const [backups, setBackups] = createSignal<Record<string, DatabaseBackup[]>>({});
  let disposed = false;

  const loadTemplates = async () => {
    try {
      setTemplates(await listTemplates());
      setTemplatesError(null);
    } catch (caught) {
      if (!disposed) setTemplatesError(caught);
    }
  };

  const load = createRetryingLoad(listInstances, {
    apply: (answer) => {
      setInstances(answer.instances);
      setEngine(answer.engine);
      if (!templates()) void loadTemplates();
    },
  });

  const loadBackups = async (instanceId: string) => {
    const list = await listBackups(instanceId);
    setBackups((all) => ({ ...all, [instanceId]: list }));
  };

  const put = (instance: DatabaseInstance) => setInstances((list) => upsertById(list ?? [], instance));

  const stream = createEventStream({
    url: () => databaseUrls.events,
    events: {
      progress: (data) => {
        const event = data as ProgressEvent;
        setProgress((all) => ({
          ...all,
          [event.instanceId]: [...(all[event.instanceId] ?? []), event].slice(-keptProgress),
        }));
        if (event.done) announce?.(event.error ?? event.message);
      },
      instance: (data) => put((data as { instance: DatabaseInstance }).instance),
      deleted: (data) => {
        const { id } = data as { id: string; name: string };
        setInstances((list) => list?.filter((i) => i.id !== id) ?? null);
      },
      backup: (data) => {
        const { backup } = data as { backup: DatabaseBackup };
        setBackups((all) =>
          all[backup.instanceId]
            ? { ...all, [backup.instanceId]: upsertById(all[backup.instanceId]!, backup) }
            : all,
        );
      },
    },
    // Nothing is replayed: after a reconnect the list is the truth again.
    onReconnect: () => void load.reload(),
  });

  void load.reload();
  void loadTemplates();
  onCleanup(() => {
    disposed = true;
  });

  return {
    ...load,
    templates,
    templatesError,
    instances,
    engine,
    stream: stream.state,
    progressOf: (id: string) => progress()[id] ?? [],
    /** Forget an instance's earlier progress, so a new operation's steps start fresh. */
    clearProgress: (id: string) => setProgress(({ [id]: _, ...rest }) => rest),
    backupsOf: (id: string) => backups()[id],
    loadBackups,
    reloadTemplates: loadTemplates,
    put,
  };
}

export type DatabasesFeed = ReturnType<typeof createDatabasesFeed>;
