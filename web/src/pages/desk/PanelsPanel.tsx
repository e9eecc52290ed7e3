/** The guild's ticket panels: the Discord messages members open tickets from, and publishing them. */
import { createSignal, Show } from 'solid-js';
import { ApiError } from '../../api/client';
import { Button } from '../../ui/Button';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { createConfirmation } from '../../ui/confirmation';
import { EditDeleteCell } from '../../ui/EditDeleteCell';
import { TableCard } from '../../ui/TableCard';
import { toast } from '../../ui/Toast';
import { createLoaded } from '../monitoring/load';
import { deletePanel, listCategories, listPanels, publishPanel } from './api';
import { PanelDialog } from './PanelDialog';
import type { SectionProps } from './section';
import type { Panel } from './types';

const columns = [
  { label: 'Title' },
  { label: 'Channel' },
  { label: 'Style' },
  { label: 'Categories' },
  { label: 'Actions', hidden: true },
];

export function PanelsPanel(props: SectionProps) {
  const panels = createLoaded(() => listPanels(props.guildId));
  const categories = createLoaded(() => listCategories(props.guildId));
  const [editing, setEditing] = createSignal<Panel | 'new' | null>(null);
  const [publishing, setPublishing] = createSignal<string | null>(null);
  const removal = createConfirmation<Panel>(async (panel) => {
    await deletePanel(props.guildId, panel.id);
    toast(`Panel ${panel.title} deleted`);
    await panels.reload();
  }, 'Could not delete the panel.');

  const channelName = (id: string) => {
    const channel = props.lookup.value()?.channels.find((c) => c.id === id);
    return channel ? `#${channel.name}` : id;
  };
  const publish = async (panel: Panel) => {
    setPublishing(panel.id);
    try {
      await publishPanel(props.guildId, panel.id);
      toast(`Panel ${panel.title} published to ${channelName(panel.channelId)}`);
      await panels.reload();
    } catch (caught) {
      toast(caught instanceof ApiError ? caught.message : 'Could not publish the panel.', 'danger');
    } finally {
      setPublishing(null);
    }
  };

  return (
    <>
      <TableCard
        title="Panels"
        icon="i-ph-layout"
        load={panels}
        what="panels"
        columns={columns}
        minWidth="min-w-[44rem]"
        actions={
          <Show when={!props.readOnly()}>
            <Button size="sm" variant="primary" icon="i-ph-plus" onClick={() => setEditing('new')}>
              Add panel
            </Button>
          </Show>
        }
        empty={{
          title: 'No panels yet',
          icon: 'i-ph-layout',
          body: 'A panel is a message with a button (or a menu) per category; members open tickets from it.',
        }}
      >
        {(panel) => (
          <tr>
            <td class="py-2 pr-4 text-ink">{panel.title}</td>
            <td class="py-2 pr-4 text-ink-muted">{channelName(panel.channelId)}</td>
            <td class="py-2 pr-4 text-ink-muted">{panel.style === 'select' ? 'Menu' : 'Buttons'}</td>
            <td class="py-2 pr-4 tabular-nums text-ink-muted">{panel.categoryIds.length}</td>
            <Show when={!props.readOnly()} fallback={<td />}>
              <EditDeleteCell
                name={panel.title}
                onEdit={() => setEditing(panel)}
                onDelete={() => removal.open(panel)}
              >
                <Button
                  size="sm"
                  icon="i-ph-paper-plane-tilt"
                  aria-label={`Publish ${panel.title} to Discord`}
                  busy={publishing() === panel.id}
                  onClick={() => publish(panel)}
                >
                  Publish to Discord
                </Button>
              </EditDeleteCell>
            </Show>
          </tr>
        )}
      </TableCard>
      <Show when={editing()} keyed>
        {(target) => (
          <PanelDialog
            guildId={props.guildId}
            lookup={props.lookup.value() ?? null}
            categories={categories.value() ?? []}
            panel={target === 'new' ? null : target}
            onClose={() => setEditing(null)}
            onSaved={() => void panels.reload()}
          />
        )}
      </Show>
      <ConfirmDialog
        {...removal.dialog}
        title={`Delete panel ${removal.target()?.title ?? ''}?`}
        description="The desk forgets it; delete its message in Discord yourself if it was published."
        confirmLabel="Delete panel"
      />
    </>
  );
}
