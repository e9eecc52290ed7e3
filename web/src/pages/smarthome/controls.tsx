/** The small controls of the Smart home page: an on/off switch and a labelled slider that sends on release. */
import { createEffect, createSignal, createUniqueId } from 'solid-js';

export function ToggleSwitch(props: {
  label: string;
  checked: boolean;
  disabled?: boolean;
  onChange: (checked: boolean) => void;
}) {
  return (
    <button
      type="button"
      role="switch"
      aria-checked={props.checked}
      aria-label={props.label}
      disabled={props.disabled}
      onClick={() => props.onChange(!props.checked)}
      class={`relative inline-flex h-6 w-11 shrink-0 cursor-pointer items-center rounded-pill border transition-colors disabled:cursor-not-allowed disabled:opacity-60 ${
        props.checked ? 'border-violet-400 bg-violet-600' : 'border-space-400 bg-space-700'
      }`}
    >
      <span
        aria-hidden="true"
        class={`inline-block h-4 w-4 rounded-full bg-ink shadow transition-transform ${
          props.checked ? 'translate-x-6' : 'translate-x-1'
        }`}
      />
    </button>
  );
}

/**
 * A range input that follows the user's drag locally and calls `onCommit` once on release (or per
 * arrow key), so a drag is one service call, not fifty.
 */
export function RangeSlider(props: {
  label: string;
  value: number;
  min: number;
  max: number;
  step?: number;
  disabled?: boolean;
  valueText: (value: number) => string;
  onCommit: (value: number) => void;
}) {
  const id = createUniqueId();
  const [local, setLocal] = createSignal(props.value);
  createEffect(() => setLocal(props.value));
  return (
    <div class="flex min-w-0 flex-1 items-center gap-2">
      <label for={id} class="sr-only">
        {props.label}
      </label>
      <input
        id={id}
        type="range"
        class="h-2 min-w-0 flex-1 cursor-pointer accent-violet-400 disabled:cursor-not-allowed"
        min={props.min}
        max={props.max}
        step={props.step ?? 1}
        value={local()}
        disabled={props.disabled}
        aria-valuetext={props.valueText(local())}
        onInput={(event) => setLocal(Number(event.currentTarget.value))}
        onChange={(event) => props.onCommit(Number(event.currentTarget.value))}
      />
      <span class="w-14 shrink-0 text-right text-xs tabular-nums text-ink-muted" aria-hidden="true">
        {props.valueText(local())}
      </span>
    </div>
  );
}
