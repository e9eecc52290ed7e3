/**
 * /studio/commands: the streamer's custom commands (search, add, edit, switch off, delete) with a
 * live preview in the editor, and the built-in commands the bot answers on its own.
 */
import { createSignal, Show } from 'solid-js';
import { usePageTitle } from '../../lib/title';
import { Button } from '../../ui/Button';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { createConfirmation } from '../../ui/confirmation';
import { EditDeleteCell } from '../../ui/EditDeleteCell';
import { PageHeader } from '../../ui/PageHeader';
import { SearchBox } from '../../ui/SearchBox';
import { TableCard } from '../../ui/TableCard';
import { toast } from '../../ui/Toast';
import { createLoaded } from '../monitoring/load';
import { type BotCommand, deleteCommand, listBuiltins, listCommands, updateCommand } from './api';
import { CommandDialog } from './editor/CommandDialog';
import { levelLabel, seconds } from './editor/options';

export default function CommandsPage() {
  usePageTitle('Commands');
  const commands = createLoaded(listCommands);
  const builtins = createLoaded(listBuiltins);
  const [query, setQuery] = createSignal('');
  const [editing, setEditing] = createSignal<BotCommand | 'new' | null>(null);

  const matches = (c: BotCommand) => {
    const q = query().trim().toLowerCase().replace(/^!/, '');
    return (
      !q || c.name.includes(q) || c.aliases.some((a) => a.includes(q)) || c.response.toLowerCase().includes(q)
    );
  };
  const shown = {
    ...commands,
    value: () => commands.value()?.filter(matches) ?? commands.value(),
  };
  const removal = createConfirmation(async (c: BotCommand) => {
    await deleteCommand(c.id);
    toast(`!${c.name} deleted`);
    void commands.reload();
  }, 'Could not delete the command.');
  const toggle = async (c: BotCommand, enabled: boolean) => {
    try {
      const saved = await updateCommand(c.id, { enabled });
      commands.setValue((list) => list?.map((item) => (item.id === saved.id ? saved : item)) ?? null);
      toast(enabled ? `!${c.name} is on` : `!${c.name} is off`);
    } catch {
      toast(`Could not switch !${c.name}`, 'danger');
      void commands.reload();
    }
  };

  return (
    <div class="flex flex-col gap-6">
      <PageHeader
        title="Commands"
        description="Replies the bot gives when a viewer types !name, on every platform you pick."
        actions={
          <Button size="sm" variant="primary" icon="i-ph-plus" onClick={() => setEditing('new')}>
            New command
          </Button>
        }
      />
      <TableCard
        title="Custom commands"
        icon="i-ph-terminal-window"
        load={shown}
        what="commands"
        actions={<SearchBox label="Search commands" value={query()} onInput={setQuery} />}
        empty={{
          title: query() ? 'No command matches' : 'No custom commands yet',
          icon: 'i-ph-chat-circle-dots',
          body: query() ? 'Try another name.' : 'Add one: a name, a reply, and who may use it.',
        }}
        columns={[
          { label: 'Command' },
          { label: 'Aliases' },
          { label: 'Who' },
          { label: 'Cooldowns' },
          { label: 'Cost' },
          { label: 'Uses' },
          { label: 'On' },
          { label: 'Actions', hidden: true },
        ]}
        minWidth="min-w-[56rem]"
      >
        {(c) => (
          <tr>
            <th scope="row" class="py-2 pr-4 text-left font-mono font-medium text-ink">
              !{c.name}
            </th>
            <td class="py-2 pr-4 font-mono text-ink-muted">
              {c.aliases.map((a) => `!${a}`).join(', ') || '—'}
            </td>
            <td class="py-2 pr-4 text-ink-muted">{levelLabel(c.minLevel)}</td>
            <td class="py-2 pr-4 text-ink-muted">
              {seconds(c.globalCooldownS)} / {seconds(c.userCooldownS)} per viewer
            </td>
            <td class="py-2 pr-4 text-ink-muted">{c.cost || '—'}</td>
            <td class="py-2 pr-4 text-ink-muted">{c.uses}</td>
            <td class="py-2 pr-4">
              <input
                type="checkbox"
                class="h-4 w-4 accent-violet-500"
                aria-label={`!${c.name} enabled`}
                checked={c.enabled}
                onChange={(e) => void toggle(c, e.currentTarget.checked)}
              />
            </td>
            <EditDeleteCell
              name={`!${c.name}`}
              onEdit={() => setEditing(c)}
              onDelete={() => removal.open(c)}
            />
          </tr>
        )}
      </TableCard>
      <TableCard
        title="Built-in commands"
        icon="i-ph-robot"
        load={builtins}
        what="built-in commands"
        columns={[{ label: 'Command' }, { label: 'Who' }, { label: 'What it does' }, { label: 'Usage' }]}
        minWidth="min-w-[48rem]"
      >
        {(b) => (
          <tr>
            <th scope="row" class="py-2 pr-4 text-left font-mono font-medium text-ink">
              !{b.name}
              <Show when={b.aliases.length}>
                <span class="block text-xs text-ink-muted">{b.aliases.map((a) => `!${a}`).join(', ')}</span>
              </Show>
            </th>
            <td class="py-2 pr-4 text-ink-muted">{levelLabel(b.level)}</td>
            <td class="py-2 pr-4 text-ink-muted">{b.description}</td>
            <td class="py-2 font-mono text-xs text-ink-muted">{b.usage}</td>
          </tr>
        )}
      </TableCard>
      <Show when={editing()}>
        {(current) => (
          <CommandDialog
            command={current() === 'new' ? null : (current() as BotCommand)}
            onClose={() => setEditing(null)}
            onSaved={() => void commands.reload()}
          />
        )}
      </Show>
      <ConfirmDialog
        {...removal.dialog}
        title={`Delete !${removal.target()?.name ?? ''}?`}
        description="Viewers get no answer to it any more; its use count is lost."
        confirmLabel="Delete command"
      />
    </div>
  );
}
