/** The Keywords tab: replies the bot gives when a message contains a word or phrase. */
import { createSignal, Show } from 'solid-js';
import { Button } from '../../../ui/Button';
import { ConfirmDialog } from '../../../ui/ConfirmDialog';
import { createConfirmation } from '../../../ui/confirmation';
import { EditDeleteCell } from '../../../ui/EditDeleteCell';
import { TableCard } from '../../../ui/TableCard';
import { toast } from '../../../ui/Toast';
import { createLoaded } from '../../monitoring/load';
import { levelLabel, seconds } from '../editor/options';
import { type BotKeyword, deleteKeyword, listKeywords, updateKeyword } from '../tools-api';
import { KeywordDialog } from './KeywordDialog';

export function KeywordsTab() {
  const keywords = createLoaded(listKeywords);
  const [editing, setEditing] = createSignal<BotKeyword | 'new' | null>(null);
  const removal = createConfirmation(async (k: BotKeyword) => {
    await deleteKeyword(k.id);
    toast(`Keyword “${k.pattern}” deleted`);
    void keywords.reload();
  }, 'Could not delete the keyword.');
  const toggle = async (k: BotKeyword, enabled: boolean) => {
    try {
      const saved = await updateKeyword(k.id, { enabled });
      keywords.setValue((list) => list?.map((item) => (item.id === saved.id ? saved : item)) ?? null);
      toast(enabled ? `“${k.pattern}” is on` : `“${k.pattern}” is off`);
    } catch {
      toast(`Could not switch “${k.pattern}”`, 'danger');
      void keywords.reload();
    }
  };

  return (
    <div class="flex flex-col gap-4">
      <p class="max-w-prose text-sm text-ink-muted">
        The bot answers any chat message that contains a keyword, no <code class="font-mono">!</code> needed.{' '}
        <code class="font-mono text-violet-200">*</code> stands for any text:{' '}
        <code class="font-mono text-violet-200">when * stream</code> answers “when is the stream?”. Responses
        use the same variables as commands.
      </p>
      <TableCard
        title="Keywords"
        icon="i-ph-key"
        load={keywords}
        what="keywords"
        actions={
          <Button size="sm" variant="primary" icon="i-ph-plus" onClick={() => setEditing('new')}>
            New keyword
          </Button>
        }
        empty={{
          title: 'No keywords yet',
          icon: 'i-ph-key',
          body: 'Add one: a word or phrase to listen for and what the bot says back.',
        }}
        columns={[
          { label: 'Pattern' },
          { label: 'Response' },
          { label: 'Who' },
          { label: 'Cooldown' },
          { label: 'On' },
          { label: 'Actions', hidden: true },
        ]}
        minWidth="min-w-[52rem]"
      >
        {(k) => (
          <tr>
            <th scope="row" class="py-2 pr-4 text-left font-mono font-medium text-ink">
              {k.pattern}
            </th>
            <td class="max-w-md py-2 pr-4 font-mono text-xs break-words text-ink-muted">{k.response}</td>
            <td class="py-2 pr-4 text-ink-muted">{levelLabel(k.minLevel)}</td>
            <td class="py-2 pr-4 text-ink-muted">{seconds(k.cooldownS)}</td>
            <td class="py-2 pr-4">
              <input
                type="checkbox"
                class="h-4 w-4 accent-violet-500"
                aria-label={`Keyword ${k.pattern} enabled`}
                checked={k.enabled}
                onChange={(e) => void toggle(k, e.currentTarget.checked)}
              />
            </td>
            <EditDeleteCell
              name={`keyword ${k.pattern}`}
              onEdit={() => setEditing(k)}
              onDelete={() => removal.open(k)}
            />
          </tr>
        )}
      </TableCard>
      <Show when={editing()}>
        {(current) => (
          <KeywordDialog
            keyword={current() === 'new' ? null : (current() as BotKeyword)}
            onClose={() => setEditing(null)}
            onSaved={() => void keywords.reload()}
          />
        )}
      </Show>
      <ConfirmDialog
        {...removal.dialog}
        title={`Delete keyword “${removal.target()?.pattern ?? ''}”?`}
        description="The bot stops answering it."
        confirmLabel="Delete keyword"
      />
    </div>
  );
}
