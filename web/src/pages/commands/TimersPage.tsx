/** /studio/timers: messages the bot posts on a schedule while chat is active. */
import { createSignal, Show } from 'solid-js';
import { formatDateTime } from '../../lib/format';
import { usePageTitle } from '../../lib/title';
import { Button } from '../../ui/Button';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { createConfirmation } from '../../ui/confirmation';
import { EditDeleteCell } from '../../ui/EditDeleteCell';
import { PageHeader } from '../../ui/PageHeader';
import { TableCard } from '../../ui/TableCard';
import { toast } from '../../ui/Toast';
import { createLoaded } from '../monitoring/load';
import { type BotTimer, deleteTimer, listTimers, updateTimer } from './api';
import { platformOptions, seconds } from './editor/options';
import { TimerDialog } from './editor/TimerDialog';

const platformNames = (list: string[]) =>
  platformOptions
    .filter((o) => list.includes(o.value))
    .map((o) => o.label)
    .join(', ');

export default function TimersPage() {
  usePageTitle('Timers');
  const timers = createLoaded(listTimers);
  const [editing, setEditing] = createSignal<BotTimer | 'new' | null>(null);
  const removal = createConfirmation(async (t: BotTimer) => {
    await deleteTimer(t.id);
    toast(`Timer ${t.name} deleted`);
    void timers.reload();
  }, 'Could not delete the timer.');
  const toggle = async (t: BotTimer, enabled: boolean) => {
    try {
      const saved = await updateTimer(t.id, { enabled });
      timers.setValue((list) => list?.map((item) => (item.id === saved.id ? saved : item)) ?? null);
    } catch {
      toast(`Could not switch timer ${t.name}`, 'danger');
      void timers.reload();
    }
  };

  return (
    <div class="flex flex-col gap-6">
      <PageHeader
        title="Timers"
        description="Messages the bot posts every so often, once enough chat has gone by."
        actions={
          <Button size="sm" variant="primary" icon="i-ph-plus" onClick={() => setEditing('new')}>
            New timer
          </Button>
        }
      />
      <TableCard
        title="Timers"
        icon="i-ph-timer"
        load={timers}
        what="timers"
        empty={{
          title: 'No timers yet',
          icon: 'i-ph-timer',
          body: 'Remind chat of your socials or schedule every 15 minutes, for example.',
        }}
        columns={[
          { label: 'Name' },
          { label: 'Message' },
          { label: 'Every' },
          { label: 'Min. lines' },
          { label: 'Where' },
          { label: 'Last posted' },
          { label: 'On' },
          { label: 'Actions', hidden: true },
        ]}
        minWidth="min-w-[60rem]"
      >
        {(t) => (
          <tr>
            <th scope="row" class="py-2 pr-4 text-left font-medium text-ink">
              {t.name}
            </th>
            <td class="max-w-xs truncate py-2 pr-4 font-mono text-xs text-ink-muted" title={t.message}>
              {t.message}
            </td>
            <td class="py-2 pr-4 text-ink-muted">{seconds(t.intervalS)}</td>
            <td class="py-2 pr-4 text-ink-muted">{t.minLines}</td>
            <td class="py-2 pr-4 text-ink-muted">
              {platformNames(t.platforms)}
              {t.onlineOnly ? ' · live only' : ''}
            </td>
            <td class="py-2 pr-4 text-ink-muted">{t.lastRunAt ? formatDateTime(t.lastRunAt) : 'Never'}</td>
            <td class="py-2 pr-4">
              <input
                type="checkbox"
                class="h-4 w-4 accent-violet-500"
                aria-label={`Timer ${t.name} enabled`}
                checked={t.enabled}
                onChange={(e) => void toggle(t, e.currentTarget.checked)}
              />
            </td>
            <EditDeleteCell
              name={`timer ${t.name}`}
              onEdit={() => setEditing(t)}
              onDelete={() => removal.open(t)}
            />
          </tr>
        )}
      </TableCard>
      <Show when={editing()}>
        {(current) => (
          <TimerDialog
            timer={current() === 'new' ? null : (current() as BotTimer)}
            onClose={() => setEditing(null)}
            onSaved={() => void timers.reload()}
          />
        )}
      </Show>
      <ConfirmDialog
        {...removal.dialog}
        title={`Delete timer ${removal.target()?.name ?? ''}?`}
        description="The bot stops posting it."
        confirmLabel="Delete timer"
      />
    </div>
  );
}
