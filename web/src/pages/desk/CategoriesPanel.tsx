/** The guild's ticket categories: what members can open, each with its form, roles and SLA. */
import { createSignal, Show } from 'solid-js';
import { Button } from '../../ui/Button';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { createConfirmation } from '../../ui/confirmation';
import { EditDeleteCell } from '../../ui/EditDeleteCell';
import { TableCard } from '../../ui/TableCard';
import { toast } from '../../ui/Toast';
import { createLoaded } from '../monitoring/load';
import { deleteCategory, listCategories } from './api';
import { CategoryDialog } from './CategoryDialog';
import { formatMinutes } from './labels';
import type { SectionProps } from './section';
import type { Category } from './types';

const columns = [
  { label: 'Name' },
  { label: 'Mode' },
  { label: 'Form fields' },
  { label: 'First-response SLA' },
  { label: 'Actions', hidden: true },
];

export function CategoriesPanel(props: SectionProps) {
  const categories = createLoaded(() => listCategories(props.guildId));
  const [editing, setEditing] = createSignal<Category | 'new' | null>(null);
  const removal = createConfirmation<Category>(async (category) => {
    await deleteCategory(props.guildId, category.id);
    toast(`Category ${category.name} deleted`);
    await categories.reload();
  }, 'Could not delete the category.');

  return (
    <>
      <TableCard
        title="Categories"
        icon="i-ph-folders"
        load={categories}
        what="categories"
        columns={props.readOnly() ? columns.slice(0, -1) : columns}
        minWidth="min-w-[40rem]"
        order={(a, b) => a.position - b.position || a.name.localeCompare(b.name)}
        actions={
          <Show when={!props.readOnly()}>
            <Button size="sm" variant="primary" icon="i-ph-plus" onClick={() => setEditing('new')}>
              Add category
            </Button>
          </Show>
        }
        empty={{
          title: 'No categories yet',
          icon: 'i-ph-folders',
          body: 'A category is a kind of ticket (support, billing, report…), with its own form and staff.',
        }}
      >
        {(category) => (
          <tr>
            <td class="py-2 pr-4 text-ink">
              {category.emoji ? `${category.emoji} ` : ''}
              {category.name}
            </td>
            <td class="py-2 pr-4 text-ink-muted">
              {category.mode === 'thread' ? 'Private thread' : 'Channel'}
            </td>
            <td class="py-2 pr-4 tabular-nums text-ink-muted">{category.form.length}</td>
            <td class="py-2 pr-4 text-ink-muted">{formatMinutes(category.slaFirstResponseMinutes)}</td>
            <Show when={!props.readOnly()}>
              <EditDeleteCell
                name={category.name}
                onEdit={() => setEditing(category)}
                onDelete={() => removal.open(category)}
              />
            </Show>
          </tr>
        )}
      </TableCard>
      <Show when={editing()} keyed>
        {(target) => (
          <CategoryDialog
            guildId={props.guildId}
            lookup={props.lookup.value() ?? null}
            category={target === 'new' ? null : target}
            onClose={() => setEditing(null)}
            onSaved={() => void categories.reload()}
          />
        )}
      </Show>
      <ConfirmDialog
        {...removal.dialog}
        title={`Delete category ${removal.target()?.name ?? ''}?`}
        description="Panels stop offering it. Tickets already opened in it stay, without a category."
        confirmLabel="Delete category"
      />
    </>
  );
}
