/** Create or edit a ticket category: its name and look, where tickets go, who works them, its form and SLA. */
import { For, Show } from 'solid-js';
import { createStore } from 'solid-js/store';
import { ApiForm, createApiForm } from '../../ui/ApiForm';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { CheckboxField, Field, SelectField } from '../../ui/Field';
import { toast } from '../../ui/Toast';
import { createCategory, updateCategory } from './api';
import { ChannelSelect, channelKinds, RoleChecklist, RoleSelect } from './discord-pickers';
import type { Category, CategoryInput, DiscordLookup, FormField } from './types';

/** Discord's modal holds at most five text inputs. */
const maxFormFields = 5;

const fieldNames = [
  'name',
  'emoji',
  'description',
  'mode',
  'parentChannelId',
  'namingPattern',
  'staffRoleIds',
  'form',
  'slaFirstResponseMinutes',
  'slaResolutionMinutes',
  'escalationRoleId',
];

interface CategoryForm {
  name: string;
  emoji: string;
  description: string;
  mode: 'channel' | 'thread';
  parentChannelId: string | null;
  namingPattern: string;
  staffRoleIds: string[];
  form: FormField[];
  slaFirst: string;
  slaResolution: string;
  escalationRoleId: string | null;
}

const formOf = (c: Category | null): CategoryForm => ({
  name: c?.name ?? '',
  emoji: c?.emoji ?? '',
  description: c?.description ?? '',
  mode: c?.mode ?? 'channel',
  parentChannelId: c?.parentChannelId ?? null,
  namingPattern: c?.namingPattern ?? 'ticket-{number}',
  staffRoleIds: [...(c?.staffRoleIds ?? [])],
  form: (c?.form ?? []).map((f) => ({ ...f })),
  slaFirst: c?.slaFirstResponseMinutes ? String(c.slaFirstResponseMinutes) : '',
  slaResolution: c?.slaResolutionMinutes ? String(c.slaResolutionMinutes) : '',
  escalationRoleId: c?.escalationRoleId ?? null,
});

const minutesOrNull = (text: string) => (text.trim() === '' ? null : Number(text));

export function CategoryDialog(props: {
  guildId: string;
  lookup: DiscordLookup | null;
  category: Category | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const [state, setState] = createStore<CategoryForm>(formOf(props.category));
  const form = createApiForm({ failure: 'Could not save the category.', fields: fieldNames });
  const local = () => {
    const errors: Record<string, string> = {};
    if (!state.name.trim()) errors.name = 'Name the category';
    if (!state.namingPattern.includes('{number}'))
      errors.namingPattern = 'Include {number} so names stay unique';
    if (state.mode === 'thread' && !state.parentChannelId)
      errors.parentChannelId = 'Thread mode needs the channel the private threads start in';
    return errors;
  };
  const error = (field: string) => form.fieldError(field, local()[field]);

  const submit = form.handleSubmit(
    async () => {
      const input: CategoryInput = {
        name: state.name.trim(),
        emoji: state.emoji.trim() || null,
        description: state.description.trim() || null,
        mode: state.mode,
        parentChannelId: state.parentChannelId,
        namingPattern: state.namingPattern.trim(),
        staffRoleIds: state.staffRoleIds,
        form: state.form.map((f) => ({ ...f })),
        openingMessage: props.category?.openingMessage ?? null,
        slaFirstResponseMinutes: minutesOrNull(state.slaFirst),
        slaResolutionMinutes: minutesOrNull(state.slaResolution),
        escalationRoleId: state.escalationRoleId,
        position: props.category?.position ?? 0,
      };
      const saved = props.category
        ? await updateCategory(props.guildId, props.category.id, input)
        : await createCategory(props.guildId, input);
      toast(`Category ${saved.name ?? input.name} saved`);
      props.onSaved();
      props.onClose();
    },
    { invalid: () => Object.keys(local()).length > 0 },
  );

  const addField = () =>
    setState('form', (fields) => [
      ...fields,
      { id: `field-${fields.length + 1}`, label: '', style: 'short', required: true },
    ]);

  return (
    <Dialog
      open={true}
      size="lg"
      title={props.category ? `Edit category ${props.category.name}` : 'New category'}
      onClose={props.onClose}
      locked={form.busy()}
    >
      <ApiForm
        form={form}
        onSubmit={submit}
        failureTitle="Could not save the category"
        submitLabel={props.category ? 'Save category' : 'Create category'}
        submitIcon="i-ph-floppy-disk"
        onCancel={props.onClose}
      >
        <div class="grid gap-4 sm:grid-cols-[1fr_8rem]">
          <Field
            label="Name"
            value={state.name}
            onInput={(e) => setState('name', e.currentTarget.value)}
            error={error('name')}
          />
          <Field
            label="Emoji"
            value={state.emoji}
            onInput={(e) => setState('emoji', e.currentTarget.value)}
            error={error('emoji')}
          />
        </div>
        <Field
          label="Description"
          hint="Shown under the category on the panel (100 characters)."
          maxLength={100}
          value={state.description}
          onInput={(e) => setState('description', e.currentTarget.value)}
          error={error('description')}
        />
        <div class="grid gap-4 sm:grid-cols-2">
          <SelectField
            label="Tickets open as"
            value={state.mode}
            options={[
              { value: 'channel', label: 'A private channel' },
              { value: 'thread', label: 'A private thread' },
            ]}
            onChange={(mode) => setState('mode', mode as CategoryForm['mode'])}
            error={error('mode')}
          />
          <ChannelSelect
            label={state.mode === 'thread' ? 'Channel the threads start in' : 'Channel category'}
            lookup={props.lookup}
            kinds={state.mode === 'thread' ? channelKinds.text : channelKinds.category}
            none={state.mode === 'thread' ? 'Choose a channel' : 'No category (top level)'}
            value={state.parentChannelId}
            onChange={(id) => setState('parentChannelId', id)}
            error={error('parentChannelId')}
          />
        </div>
        <Field
          label="Naming pattern"
          hint="{number} becomes the ticket number, e.g. support-{number}."
          value={state.namingPattern}
          onInput={(e) => setState('namingPattern', e.currentTarget.value)}
          error={error('namingPattern')}
        />
        <RoleChecklist
          label="Staff roles"
          hint="In addition to the guild's staff roles."
          roles={props.lookup?.roles ?? []}
          selected={state.staffRoleIds}
          onChange={(ids) => setState('staffRoleIds', ids)}
          error={error('staffRoleIds')}
        />
        <fieldset class="flex flex-col gap-3">
          <legend class="mb-1 text-sm font-medium text-ink">
            Form ({state.form.length} of {maxFormFields} questions)
          </legend>
          <For each={state.form}>
            {(field, i) => (
              <div class="grid gap-3 rounded-control border border-space-500 p-3 sm:grid-cols-[8rem_1fr_8rem]">
                <Field
                  label={`Question ${i() + 1} id`}
                  value={field.id}
                  onInput={(e) => setState('form', i(), 'id', e.currentTarget.value)}
                  error={form.fieldError(`form.${i()}.id`)}
                />
                <Field
                  label={`Question ${i() + 1} label`}
                  maxLength={45}
                  value={field.label}
                  onInput={(e) => setState('form', i(), 'label', e.currentTarget.value)}
                  error={form.fieldError(`form.${i()}.label`)}
                />
                <SelectField
                  label={`Question ${i() + 1} style`}
                  value={field.style}
                  options={[
                    { value: 'short', label: 'Short' },
                    { value: 'paragraph', label: 'Paragraph' },
                  ]}
                  onChange={(style) => setState('form', i(), 'style', style as FormField['style'])}
                />
                <Field
                  class="sm:col-span-2"
                  label={`Question ${i() + 1} placeholder`}
                  maxLength={100}
                  value={field.placeholder ?? ''}
                  onInput={(e) => setState('form', i(), 'placeholder', e.currentTarget.value || undefined)}
                />
                <div class="flex items-end justify-between gap-2">
                  <CheckboxField
                    label="Required"
                    checked={field.required}
                    onChange={(on) => setState('form', i(), 'required', on)}
                  />
                  <Button
                    size="sm"
                    icon="i-ph-trash"
                    aria-label={`Remove question ${i() + 1}`}
                    onClick={() => setState('form', (fields) => fields.filter((_, j) => j !== i()))}
                  >
                    Remove
                  </Button>
                </div>
              </div>
            )}
          </For>
          <Show when={form.fieldError('form')}>
            <p class="text-xs text-danger-300">{form.fieldError('form')}</p>
          </Show>
          <Show when={state.form.length < maxFormFields}>
            <Button size="sm" icon="i-ph-plus" class="self-start" onClick={addField}>
              Add question
            </Button>
          </Show>
        </fieldset>
        <div class="grid gap-4 sm:grid-cols-3">
          <Field
            label="First-response SLA (minutes)"
            type="number"
            min={1}
            value={state.slaFirst}
            onInput={(e) => setState('slaFirst', e.currentTarget.value)}
            error={error('slaFirstResponseMinutes')}
          />
          <Field
            label="Resolution SLA (minutes)"
            type="number"
            min={1}
            value={state.slaResolution}
            onInput={(e) => setState('slaResolution', e.currentTarget.value)}
            error={error('slaResolutionMinutes')}
          />
          <RoleSelect
            label="Escalation role"
            hint="Pinged when an SLA is missed."
            lookup={props.lookup}
            none="Nobody"
            value={state.escalationRoleId}
            onChange={(id) => setState('escalationRoleId', id)}
            error={error('escalationRoleId')}
          />
        </div>
      </ApiForm>
    </Dialog>
  );
}
