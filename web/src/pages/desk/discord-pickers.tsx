/**
 * Pickers for the guild's Discord channels and roles, fed by GET …/discord: a channel select
 * (with "None" where the setting is optional) and a role checklist for multi-selects.
 */
import { createUniqueId, For, Show } from 'solid-js';
import { SelectField } from '../../ui/Field';
import type { DiscordChannel, DiscordLookup, DiscordRole } from './types';

/** Discord channel types the desk points at: text, announcement and category channels. */
export const channelKinds = { text: [0, 5], category: [4] } as const;

export function channelOptions(channels: readonly DiscordChannel[], kinds: readonly number[], none?: string) {
  const options = channels
    .filter((c) => kinds.includes(c.type))
    .map((c) => ({ value: c.id, label: c.type === 4 ? c.name : `#${c.name}` }));
  return none === undefined ? options : [{ value: '', label: none }, ...options];
}

export function roleOptions(roles: readonly DiscordRole[], none: string) {
  return [{ value: '', label: none }, ...roles.map((r) => ({ value: r.id, label: `@${r.name}` }))];
}

type PickerProps = {
  label: string;
  lookup: DiscordLookup | null;
  value: string | null;
  onChange: (id: string | null) => void;
  error?: string | undefined;
  hint?: string;
};

/** One id or none ('' in the select, null to the caller). */
function DiscordSelect(props: PickerProps & { options: { value: string; label: string }[] }) {
  return (
    <SelectField
      label={props.label}
      hint={props.hint}
      error={props.error}
      value={props.value ?? ''}
      options={props.options}
      onChange={(id) => props.onChange(id || null)}
    />
  );
}

export function ChannelSelect(props: PickerProps & { kinds: readonly number[]; none?: string }) {
  return (
    <DiscordSelect
      {...props}
      options={channelOptions(props.lookup?.channels ?? [], props.kinds, props.none)}
    />
  );
}

export function RoleSelect(props: PickerProps & { none: string }) {
  return <DiscordSelect {...props} options={roleOptions(props.lookup?.roles ?? [], props.none)} />;
}

/** A group of role checkboxes: the multi-select that works with a keyboard and a screen reader. */
export function RoleChecklist(props: {
  label: string;
  roles: readonly DiscordRole[];
  selected: readonly string[];
  onChange: (ids: string[]) => void;
  error?: string | undefined;
  hint?: string;
}) {
  const errorId = createUniqueId();
  const toggle = (id: string, on: boolean) =>
    props.onChange(on ? [...props.selected, id] : props.selected.filter((r) => r !== id));
  return (
    <fieldset class="flex flex-col gap-1.5" aria-describedby={props.error ? errorId : undefined}>
      <legend class="mb-1 text-sm font-medium text-ink">{props.label}</legend>
      <Show when={props.hint}>
        <p class="text-xs text-ink-muted">{props.hint}</p>
      </Show>
      <Show
        when={props.roles.length > 0}
        fallback={<p class="text-sm text-ink-muted">The bot sees no roles in this server.</p>}
      >
        <div class="grid max-h-48 gap-1 overflow-y-auto rounded-control border border-space-500 p-2 sm:grid-cols-2">
          <For each={props.roles}>
            {(role) => (
              <label class="flex items-center gap-2 text-sm text-ink">
                <input
                  type="checkbox"
                  class="h-4 w-4 accent-violet-500"
                  checked={props.selected.includes(role.id)}
                  onChange={(event) => toggle(role.id, event.currentTarget.checked)}
                />
                @{role.name}
              </label>
            )}
          </For>
        </div>
      </Show>
      <Show when={props.error}>
        <p id={errorId} class="flex items-center gap-1 text-xs text-danger-300">
          <span class="i-ph-warning-circle" aria-hidden="true" />
          {props.error}
        </p>
      </Show>
    </fieldset>
  );
}
