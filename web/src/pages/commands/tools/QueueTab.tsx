/**
 * The Viewer queue tab: open or close `!join`, see who waits (refreshed while the page is
 * visible), pick the next or random viewers, take one out or clear the queue.
 */
import { createSignal, createUniqueId, For, Show } from 'solid-js';
import { ApiError } from '../../../api/client';
import { createNow } from '../../../lib/clock';
import { formatDuration, formatRelative, plural } from '../../../lib/format';
import { pollWhileVisible } from '../../../lib/poll';
import { Button } from '../../../ui/Button';
import { Card } from '../../../ui/Card';
import { ConfirmDialog } from '../../../ui/ConfirmDialog';
import { createConfirmation } from '../../../ui/confirmation';
import { DataTable } from '../../../ui/DataTable';
import { LoadState } from '../../../ui/LoadState';
import { toast } from '../../../ui/Toast';
import { createLoaded } from '../../monitoring/load';
import { platformOptions } from '../editor/options';
import {
  clearQueue,
  getQueue,
  pickFromQueue,
  type QueueEntry,
  removeFromQueue,
  setQueueOpen,
  type ViewerQueue,
} from '../tools-api';

/** Queue changes come from chat (`!join`), so the list refreshes on its own this often. */
export const queuePollMs = 5_000;

const platformLabel = (p: string) => platformOptions.find((o) => o.value === p)?.label ?? p;
const names = (entries: QueueEntry[]) => entries.map((e) => e.userName).join(', ');

export function QueueTab() {
  const queue = createLoaded(getQueue);
  pollWhileVisible(() => queue.reload(), queuePollMs);
  const now = createNow(1_000);
  const countId = createUniqueId();
  const [count, setCount] = createSignal('1');
  const [busy, setBusy] = createSignal<'open' | 'pick' | 'random' | null>(null);
  const [lastPick, setLastPick] = createSignal<QueueEntry[] | null>(null);
  const pickCount = () => {
    const n = Number(count());
    return Number.isInteger(n) && n >= 1 && n <= 10 ? n : null;
  };
  const update = (change: (q: ViewerQueue) => ViewerQueue) => queue.setValue((q) => (q ? change(q) : q));

  const failed = (error: unknown, fallback: string) =>
    toast(error instanceof ApiError ? error.message : fallback, 'danger');

  const switchOpen = async (open: boolean) => {
    setBusy('open');
    try {
      const isOpen = await setQueueOpen(open);
      update((q) => ({ ...q, open: isOpen }));
      toast(isOpen ? 'The queue is open: viewers can !join' : 'The queue is closed');
    } catch (error) {
      failed(error, 'Could not change the queue');
    } finally {
      setBusy(null);
    }
  };
  const pick = async (random: boolean) => {
    const n = pickCount();
    if (n === null) return;
    setBusy(random ? 'random' : 'pick');
    try {
      const picked = await pickFromQueue({ count: n, random });
      setLastPick(picked);
      toast(picked.length ? `Picked ${names(picked)}` : 'Nobody is waiting', picked.length ? 'ok' : 'info');
      void queue.reload();
    } catch (error) {
      failed(error, 'Could not pick from the queue');
    } finally {
      setBusy(null);
    }
  };
  const removal = createConfirmation(async (entry: QueueEntry) => {
    await removeFromQueue(entry.id);
    toast(`${entry.userName} left the queue`);
    update((q) => ({ ...q, waiting: q.waiting.filter((e) => e.id !== entry.id) }));
  }, 'Could not remove the viewer.');
  const clearing = createConfirmation(async () => {
    const removed = await clearQueue();
    toast(`${plural(removed, 'viewer')} removed`);
    update((q) => ({ ...q, waiting: [] }));
  }, 'Could not clear the queue.');

  const waiting = () => queue.value()?.waiting ?? [];

  return (
    <div class="flex flex-col gap-4">
      <p class="max-w-prose text-sm text-ink-muted">
        While the queue is open, viewers line up with <code class="font-mono text-violet-200">!join</code> (a
        note after it is kept) and leave with <code class="font-mono text-violet-200">!leave</code>; mods can
        also <code class="font-mono text-violet-200">!queue pick</code> from chat.
      </p>
      <Card
        title="Viewer queue"
        icon="i-ph-users-three"
        actions={
          <Show when={queue.value()}>
            {(q) => (
              <button
                type="button"
                role="switch"
                aria-checked={q().open}
                aria-busy={busy() === 'open' ? 'true' : undefined}
                class="flex items-center gap-2 rounded-control px-2 py-1 text-sm text-ink hover:bg-space-700"
                onClick={() => busy() !== 'open' && void switchOpen(!q().open)}
              >
                <span
                  class={`relative inline-flex h-5 w-9 items-center rounded-full border transition-colors ${
                    q().open ? 'border-violet-400 bg-violet-500' : 'border-space-500 bg-space-700'
                  }`}
                  aria-hidden="true"
                >
                  <span
                    class={`absolute h-3.5 w-3.5 rounded-full bg-ink transition-transform ${
                      q().open ? 'translate-x-4.5' : 'translate-x-0.5'
                    }`}
                  />
                </span>
                Queue open
                <span class="text-ink-muted">({q().open ? 'viewers can join' : 'closed'})</span>
              </button>
            )}
          </Show>
        }
      >
        <LoadState load={queue} what="viewer queue">
          {(q) => (
            <div class="flex flex-col gap-4">
              <div class="flex flex-wrap items-end gap-3">
                <div class="flex flex-col gap-1.5">
                  <label for={countId} class="text-sm font-medium text-ink">
                    How many
                  </label>
                  <input
                    id={countId}
                    type="number"
                    min="1"
                    max="10"
                    class="input-field w-20 text-sm"
                    aria-invalid={pickCount() === null ? 'true' : undefined}
                    value={count()}
                    onInput={(e) => setCount(e.currentTarget.value)}
                  />
                </div>
                <Button
                  size="sm"
                  variant="primary"
                  icon="i-ph-arrow-fat-line-right"
                  busy={busy() === 'pick'}
                  disabled={!q.waiting.length || pickCount() === null}
                  onClick={() => void pick(false)}
                >
                  Pick next
                </Button>
                <Button
                  size="sm"
                  icon="i-ph-shuffle"
                  busy={busy() === 'random'}
                  disabled={!q.waiting.length || pickCount() === null}
                  onClick={() => void pick(true)}
                >
                  Pick random
                </Button>
                <Button
                  size="sm"
                  variant="danger"
                  icon="i-ph-broom"
                  class="ml-auto"
                  disabled={!q.waiting.length}
                  onClick={() => clearing.open(true)}
                >
                  Clear queue
                </Button>
              </div>
              <p role="status" class="text-sm text-ink">
                <Show when={lastPick()}>
                  {(picked) => (picked().length ? `Just picked: ${names(picked())}` : 'Nobody was waiting.')}
                </Show>
              </p>
              <Show
                when={waiting().length}
                fallback={
                  <p class="py-4 text-center text-sm text-ink-muted">
                    {q.open
                      ? 'Nobody is waiting. Viewers join with !join.'
                      : 'Nobody is waiting. Open the queue so viewers can !join.'}
                  </p>
                }
              >
                <DataTable
                  caption="Waiting viewers, first in line first"
                  columns={[
                    { label: 'Position' },
                    { label: 'Viewer' },
                    { label: 'Platform' },
                    { label: 'Note' },
                    { label: 'Waiting' },
                    { label: 'Actions', hidden: true },
                  ]}
                  items={waiting()}
                  minWidth="min-w-[44rem]"
                >
                  {(entry) => (
                    <tr>
                      <td class="py-2 pr-4 font-mono text-ink-muted">{waiting().indexOf(entry) + 1}</td>
                      <th scope="row" class="py-2 pr-4 text-left font-medium text-ink">
                        {entry.userName}
                      </th>
                      <td class="py-2 pr-4 text-ink-muted">{platformLabel(entry.platform)}</td>
                      <td class="max-w-xs py-2 pr-4 break-words text-ink-muted">{entry.note ?? '—'}</td>
                      <td class="py-2 pr-4 whitespace-nowrap text-ink-muted">
                        {formatDuration((now() - Date.parse(entry.joinedAt)) / 1000)}
                      </td>
                      <td class="py-2">
                        <div class="flex justify-end">
                          <Button
                            size="sm"
                            icon="i-ph-user-minus"
                            aria-label={`Remove ${entry.userName} from the queue`}
                            onClick={() => removal.open(entry)}
                          >
                            Remove
                          </Button>
                        </div>
                      </td>
                    </tr>
                  )}
                </DataTable>
              </Show>
            </div>
          )}
        </LoadState>
      </Card>
      <Card title="Recently picked" icon="i-ph-check-circle">
        <Show
          when={queue.value()?.picked.length}
          fallback={<p class="text-sm text-ink-muted">Nobody picked yet.</p>}
        >
          <ul class="flex flex-col divide-y divide-space-600/60 text-sm">
            <For each={queue.value()?.picked}>
              {(entry) => (
                <li class="flex flex-wrap items-baseline gap-x-3 py-2">
                  <span class="font-medium text-ink">{entry.userName}</span>
                  <span class="text-ink-muted">{platformLabel(entry.platform)}</span>
                  <Show when={entry.note}>
                    <span class="text-ink-muted">“{entry.note}”</span>
                  </Show>
                  <span class="ml-auto text-xs text-ink-muted">{formatRelative(entry.pickedAt, now())}</span>
                </li>
              )}
            </For>
          </ul>
        </Show>
      </Card>
      <ConfirmDialog
        {...removal.dialog}
        title={`Remove ${removal.target()?.userName ?? ''} from the queue?`}
        description="They can !join again while the queue is open."
        confirmLabel="Remove viewer"
      />
      <ConfirmDialog
        {...clearing.dialog}
        title="Clear the queue?"
        description={`Everyone waiting (${plural(waiting().length, 'viewer')}) is removed; the recently picked stay listed.`}
        confirmLabel="Clear queue"
      />
    </div>
  );
}
