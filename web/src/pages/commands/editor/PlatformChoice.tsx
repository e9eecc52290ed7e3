/** Which platforms a command or timer works on: one checkbox each, at least one. */
import { For, Show } from 'solid-js';
import type { Platform } from '../api';
import { platformOptions } from './options';

export function PlatformChoice(props: {
  value: Platform[];
  onChange: (value: Platform[]) => void;
  error?: string | undefined;
}) {
  const toggle = (platform: Platform, on: boolean) =>
    props.onChange(on ? [...props.value, platform] : props.value.filter((p) => p !== platform));
  return (
    <fieldset class="flex flex-col gap-1.5">
      <legend class="text-sm font-medium text-ink">Platforms</legend>
      <div class="flex flex-wrap gap-4">
        <For each={platformOptions}>
          {(option) => (
            <label class="flex items-center gap-2 text-sm text-ink">
              <input
                type="checkbox"
                class="h-4 w-4 accent-violet-500"
                checked={props.value.includes(option.value)}
                onChange={(e) => toggle(option.value, e.currentTarget.checked)}
              />
              {option.label}
            </label>
          )}
        </For>
      </div>
      <Show when={props.error}>
        <p class="text-xs text-danger-300">{props.error}</p>
      </Show>
    </fieldset>
  );
}
