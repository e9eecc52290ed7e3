/** Create or edit a ticket panel: where it is posted, what it says, and which categories it offers. */
import { For, Show } from 'solid-js';
import { createStore } from 'solid-js/store';
import { ApiForm, createApiForm } from '../../ui/ApiForm';
import { Dialog } from '../../ui/Dialog';
import { Field, SelectField, TextAreaField } from '../../ui/Field';
import { toast } from '../../ui/Toast';
import { createPanel, updatePanel } from './api';
import { ChannelSelect, channelKinds } from './discord-pickers';
import type { Category, DiscordLookup, Panel, PanelInput } from './types';

const fieldNames = ['channelId', 'title', 'description', 'style', 'categoryIds'];

export function PanelDialog(props: {
  guildId: string;
  lookup: DiscordLookup | null;
  categories: readonly Category[];
  panel: Panel | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const [state, setState] = createStore({
    channelId: props.panel?.channelId ?? (null as string | null),
    title: props.panel?.title ?? '',
    description: props.panel?.description ?? '',
    style: props.panel?.style ?? 'buttons',
    categoryIds: [...(props.panel?.categoryIds ?? [])],
  });
  const form = createApiForm({ failure: 'Could not save the panel.', fields: fieldNames });
  const local = () => {
    const errors: Record<string, string> = {};
    if (!state.channelId) errors.channelId = 'Pick the channel to post in';
    if (!state.title.trim()) errors.title = 'Give the panel a title';
    if (state.categoryIds.length === 0) errors.categoryIds = 'Pick at least one category';
    return errors;
  };
  const error = (field: string) => form.fieldError(field, local()[field]);
  const submit = form.handleSubmit(
    async () => {
      const input: PanelInput = {
        channelId: state.channelId ?? '',
        title: state.title.trim(),
        description: state.description.trim() || null,
        style: state.style,
        categoryIds: [...state.categoryIds],
      };
      if (props.panel) await updatePanel(props.guildId, props.panel.id, input);
      else await createPanel(props.guildId, input);
      toast(`Panel ${input.title} saved; publish it to update Discord`);
      props.onSaved();
      props.onClose();
    },
    { invalid: () => Object.keys(local()).length > 0 },
  );

  return (
    <Dialog
      open={true}
      title={props.panel ? `Edit panel ${props.panel.title}` : 'New panel'}
      onClose={props.onClose}
      locked={form.busy()}
    >
      <ApiForm
        form={form}
        onSubmit={submit}
        failureTitle="Could not save the panel"
        submitLabel={props.panel ? 'Save panel' : 'Create panel'}
        submitIcon="i-ph-floppy-disk"
        onCancel={props.onClose}
      >
        <ChannelSelect
          label="Channel"
          lookup={props.lookup}
          kinds={channelKinds.text}
          none="Choose a channel"
          value={state.channelId}
          onChange={(id) => setState('channelId', id)}
          error={error('channelId')}
        />
        <Field
          label="Title"
          maxLength={256}
          value={state.title}
          onInput={(e) => setState('title', e.currentTarget.value)}
          error={error('title')}
        />
        <TextAreaField
          label="Description"
          rows={3}
          maxLength={4000}
          value={state.description}
          onInput={(e) => setState('description', e.currentTarget.value)}
          error={error('description')}
        />
        <SelectField
          label="Style"
          value={state.style}
          options={[
            { value: 'buttons', label: 'A button per category' },
            { value: 'select', label: 'A menu of categories' },
          ]}
          onChange={(style) => setState('style', style as PanelInput['style'])}
          error={error('style')}
        />
        <fieldset class="flex flex-col gap-1.5">
          <legend class="mb-1 text-sm font-medium text-ink">Categories</legend>
          <Show
            when={props.categories.length > 0}
            fallback={<p class="text-sm text-ink-muted">Add a category first, on the Categories tab.</p>}
          >
            <For each={props.categories}>
              {(category) => (
                <label class="flex items-center gap-2 text-sm text-ink">
                  <input
                    type="checkbox"
                    class="h-4 w-4 accent-violet-500"
                    checked={state.categoryIds.includes(category.id)}
                    onChange={(event) =>
                      setState('categoryIds', (ids) =>
                        event.currentTarget.checked
                          ? [...ids, category.id]
                          : ids.filter((id) => id !== category.id),
                      )
                    }
                  />
                  {category.emoji ? `${category.emoji} ` : ''}
                  {category.name}
                </label>
              )}
            </For>
          </Show>
          <Show when={error('categoryIds')}>
            <p class="text-xs text-danger-300">{error('categoryIds')}</p>
          </Show>
        </fieldset>
      </ApiForm>
    </Dialog>
  );
}
