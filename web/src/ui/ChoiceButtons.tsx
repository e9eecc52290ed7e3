/** A row of toggle buttons of which one is chosen (a range, a filter): a fieldset, each button aria-pressed. */
import { For } from 'solid-js';

export interface ChoiceButtonsProps<T extends string | number> {
  /** Said to screen readers as the group's name: "How far ahead". */
  legend: string;
  choices: readonly { id: T; label: string }[];
  selected: T;
  onSelect: (id: T) => void;
}

export function ChoiceButtons<T extends string | number>(props: ChoiceButtonsProps<T>) {
  return (
    <fieldset class="flex flex-wrap overflow-hidden rounded-control border border-space-500">
      <legend class="sr-only">{props.legend}</legend>
      <For each={props.choices}>
        {(choice) => (
          <button
            type="button"
            aria-pressed={props.selected === choice.id}
            class={`px-2.5 py-1 text-xs ${
              props.selected === choice.id
                ? 'bg-space-600 font-medium text-ink'
                : 'text-ink-muted hover:text-ink'
            }`}
            onClick={() => props.onSelect(choice.id)}
          >
            {choice.label}
          </button>
        )}
      </For>
    </fieldset>
  );
}
