/**
 * Where files are dropped or picked: each goes up in turn with its own progress bar, then says
 * how it went (clean, quarantined with the signature, rejected with the reason, too large, type
 * not allowed). A file over the limit is refused here before a byte is sent.
 */
import { createSignal, For, Show } from 'solid-js';
import { createStore, produce } from 'solid-js/store';
import { formatBytes } from '../../lib/format';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { ProgressBar } from '../../ui/ProgressBar';
import { allowedList, outcomeLook } from './outcomes';
import type { FilesConfig } from './types';
import { sendUpload, type UploadOutcome } from './upload';

interface QueuedUpload {
  key: number;
  name: string;
  size: number;
  loaded: number;
  state: 'waiting' | 'uploading' | 'done';
  outcome: UploadOutcome | null;
}

export interface UploadZoneProps {
  config: FilesConfig | null;
  /** Why uploads cannot be accepted now (no scanner), or null. */
  blocked: string | null;
  /** After each upload the server kept (clean, quarantined or rejected), so the table refreshes. */
  onStored: () => void;
  announce: (message: string) => void;
}

let nextKey = 1;

export function UploadZone(props: UploadZoneProps) {
  let input!: HTMLInputElement;
  const [queue, setQueue] = createStore<QueuedUpload[]>([]);
  const [dragging, setDragging] = createSignal(false);
  const files = new Map<number, File>();
  const aborts = new Map<number, () => void>();
  let running = false;

  const update = (key: number, change: (item: QueuedUpload) => void) =>
    setQueue(
      produce((items) => {
        const item = items.find((i) => i.key === key);
        if (item) change(item);
      }),
    );

  const finish = (key: number, outcome: UploadOutcome) => {
    update(key, (item) => {
      item.state = 'done';
      item.outcome = outcome;
    });
    files.delete(key);
    aborts.delete(key);
    const item = queue.find((i) => i.key === key);
    if (item) props.announce(`${item.name}: ${outcomeLook(outcome, props.config).title}`);
  };

  // One at a time: scanning is the server's slow part, and parallel uploads only queue there.
  const drain = async () => {
    if (running) return;
    running = true;
    try {
      for (
        let next = queue.find((i) => i.state === 'waiting');
        next;
        next = queue.find((i) => i.state === 'waiting')
      ) {
        const key = next.key;
        const file = files.get(key)!;
        update(key, (item) => {
          item.state = 'uploading';
        });
        const upload = sendUpload(file, ({ loaded }) =>
          update(key, (item) => {
            item.loaded = loaded;
          }),
        );
        aborts.set(key, upload.abort);
        const outcome = await upload.done;
        finish(key, outcome);
        if (outcome.kind === 'stored' || outcome.kind === 'refused') props.onStored();
      }
    } finally {
      running = false;
    }
  };

  const add = (list: FileList | File[] | null) => {
    if (!list || props.blocked) return;
    const added = [...list];
    if (added.length === 0) return;
    const max = props.config?.maxBytes ?? Number.POSITIVE_INFINITY;
    for (const file of added) {
      const key = nextKey++;
      const tooLarge = file.size > max;
      setQueue((items) => [
        ...items,
        {
          key,
          name: file.name,
          size: file.size,
          loaded: 0,
          state: tooLarge ? 'done' : 'waiting',
          outcome: null,
        },
      ]);
      if (tooLarge) {
        finish(key, {
          kind: 'too_large',
          message: `${formatBytes(file.size)} is over the limit; nothing was sent.`,
        });
      } else {
        files.set(key, file);
      }
    }
    void drain();
  };

  const cancel = (key: number) => {
    const abort = aborts.get(key);
    if (abort) abort();
    else {
      files.delete(key);
      update(key, (item) => {
        item.state = 'done';
        item.outcome = { kind: 'cancelled' };
      });
    }
  };
  const clearFinished = () => setQueue((items) => items.filter((i) => i.state !== 'done'));

  const accept = () =>
    props.config
      ? props.config.allowedTypes.flatMap((t) => [t.mediaType, ...t.extensions.map((e) => `.${e}`)]).join(',')
      : undefined;

  return (
    <div class="flex flex-col gap-4">
      {/* biome-ignore lint/a11y/noStaticElementInteractions: dropping is a mouse shortcut; the button inside does the same by keyboard */}
      <div
        class={`flex flex-col items-center gap-3 rounded-panel border-2 border-dashed px-6 py-8 text-center transition-colors ${
          props.blocked
            ? 'border-space-600 bg-space-900/40'
            : dragging()
              ? 'border-violet-400 bg-violet-500/10'
              : 'border-space-500 bg-space-800/30'
        }`}
        onDragEnter={(event) => {
          event.preventDefault();
          if (!props.blocked) setDragging(true);
        }}
        onDragOver={(event) => {
          event.preventDefault();
          if (event.dataTransfer) event.dataTransfer.dropEffect = props.blocked ? 'none' : 'copy';
        }}
        onDragLeave={(event) => {
          if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDragging(false);
        }}
        onDrop={(event) => {
          event.preventDefault();
          setDragging(false);
          add(event.dataTransfer?.files ?? null);
        }}
      >
        <span class="i-ph-cloud-arrow-up text-4xl text-violet-300" aria-hidden="true" />
        <Show
          when={!props.blocked}
          fallback={<p class="max-w-prose text-sm text-ink-muted">{props.blocked}</p>}
        >
          <p class="text-sm text-ink">Drop files here, or</p>
        </Show>
        <Button
          variant="primary"
          icon="i-ph-folder-open"
          disabled={Boolean(props.blocked)}
          onClick={() => input.click()}
        >
          Choose files
        </Button>
        <input
          ref={input}
          type="file"
          multiple
          hidden
          accept={accept()}
          aria-label="Files to upload"
          onChange={(event) => {
            add(event.currentTarget.files);
            event.currentTarget.value = '';
          }}
        />
        <Show when={props.config}>
          {(config) => (
            <p class="max-w-prose text-xs text-ink-muted">
              Up to {formatBytes(config().maxBytes)} each. Allowed: {allowedList(config())}. The type is
              checked from the file's contents, not its name; every file is scanned by ClamAV before it is
              kept.
            </p>
          )}
        </Show>
      </div>

      <Show when={queue.length > 0}>
        <div class="flex flex-col gap-2">
          <div class="flex items-center justify-between gap-3">
            <h3 class="text-sm font-semibold text-ink">This session’s uploads</h3>
            <Show when={queue.some((i) => i.state === 'done')}>
              <Button size="sm" icon="i-ph-broom" onClick={clearFinished}>
                Clear finished
              </Button>
            </Show>
          </div>
          <ul class="flex flex-col gap-2" aria-label="Uploads in progress and finished">
            <For each={queue}>
              {(item) => (
                <li class="flex flex-col gap-1.5 rounded-control bg-space-800/50 px-3 py-2">
                  <Show
                    when={item.outcome}
                    fallback={
                      <div class="flex items-center gap-3">
                        <ProgressBar
                          class="flex-1"
                          label={item.name}
                          value={item.state === 'waiting' ? 0 : item.loaded}
                          max={item.size || null}
                          valueText={
                            item.state === 'waiting'
                              ? 'waiting'
                              : item.loaded >= item.size
                                ? 'scanning…'
                                : `${formatBytes(item.loaded)} of ${formatBytes(item.size)}`
                          }
                        />
                        <Button size="sm" aria-label={`Cancel ${item.name}`} onClick={() => cancel(item.key)}>
                          Cancel
                        </Button>
                      </div>
                    }
                  >
                    {(outcome) => {
                      const look = () => outcomeLook(outcome(), props.config);
                      return (
                        <div class="flex flex-wrap items-center gap-x-3 gap-y-1">
                          <span class="min-w-0 flex-1 truncate text-sm text-ink">{item.name}</span>
                          <span class="text-xs text-ink-muted">{formatBytes(item.size)}</span>
                          <Badge tone={look().tone} icon={look().icon}>
                            {look().title}
                          </Badge>
                          <Show when={look().detail}>
                            <p class="basis-full text-xs text-ink-muted">{look().detail}</p>
                          </Show>
                        </div>
                      );
                    }}
                  </Show>
                </li>
              )}
            </For>
          </ul>
        </div>
      </Show>
    </div>
  );
}
