/**
 * A labelled form control with hint and error text wired up for assistive technology:
 * `aria-invalid` when there is an error, `aria-describedby` pointing at the hint and the error.
 */
import { createUniqueId, For, type JSX, Show, splitProps } from 'solid-js';

interface FieldText {
  label: string;
  error?: string | null | undefined;
  hint?: JSX.Element;
  class?: string;
}

function useDescribedBy(props: FieldText) {
  const hintId = createUniqueId();
  const errorId = createUniqueId();
  const describedBy = () =>
    [props.hint ? hintId : '', props.error ? errorId : ''].filter(Boolean).join(' ') || undefined;
  const Text = () => (
    <>
      <Show when={props.hint}>
        <p id={hintId} class="text-xs text-ink-muted">
          {props.hint}
        </p>
      </Show>
      <Show when={props.error}>
        <p id={errorId} class="flex items-center gap-1 text-xs text-danger-300">
          <span class="i-ph-warning-circle" aria-hidden="true" />
          {props.error}
        </p>
      </Show>
    </>
  );
  return { describedBy, Text };
}

export type FieldProps = FieldText & Omit<JSX.InputHTMLAttributes<HTMLInputElement>, 'class'>;

export function Field(props: FieldProps) {
  const [text, input] = splitProps(props, ['label', 'error', 'hint', 'class', 'id']);
  const id = text.id ?? createUniqueId();
  const { describedBy, Text } = useDescribedBy(text);
  return (
    <div class={`flex flex-col gap-1.5 ${text.class ?? ''}`}>
      <label for={id} class="text-sm font-medium text-ink">
        {text.label}
      </label>
      <input
        id={id}
        class="input-field"
        aria-invalid={text.error ? 'true' : undefined}
        aria-describedby={describedBy()}
        {...input}
      />
      <Text />
    </div>
  );
}

export interface SelectFieldProps extends FieldText {
  name?: string;
  value: string;
  onChange: (value: string) => void;
  options: readonly { value: string; label: string }[];
}

export function SelectField(props: SelectFieldProps) {
  const id = createUniqueId();
  const { describedBy, Text } = useDescribedBy(props);
  return (
    <div class={`flex flex-col gap-1.5 ${props.class ?? ''}`}>
      <label for={id} class="text-sm font-medium text-ink">
        {props.label}
      </label>
      <select
        id={id}
        name={props.name}
        class="input-field"
        value={props.value}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy()}
        onChange={(event) => props.onChange(event.currentTarget.value)}
      >
        <For each={props.options}>{(option) => <option value={option.value}>{option.label}</option>}</For>
      </select>
      <Text />
    </div>
  );
}

export interface CheckboxFieldProps {
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  hint?: JSX.Element;
  error?: string | null | undefined;
  class?: string;
  disabled?: boolean;
}

/** A checkbox with its label to the right and an optional hint under it. */
export function CheckboxField(props: CheckboxFieldProps) {
  const id = createUniqueId();
  const { describedBy, Text } = useDescribedBy(props);
  return (
    <div class={`flex flex-col gap-1 ${props.class ?? ''}`}>
      <div class="flex items-center gap-2">
        <input
          id={id}
          type="checkbox"
          class="h-4 w-4 accent-violet-500"
          checked={props.checked}
          disabled={props.disabled}
          aria-invalid={props.error ? 'true' : undefined}
          aria-describedby={describedBy()}
          onChange={(event) => props.onChange(event.currentTarget.checked)}
        />
        <label for={id} class="text-sm text-ink">
          {props.label}
        </label>
      </div>
      <div class="pl-6">
        <Text />
      </div>
    </div>
  );
}

export type TextAreaFieldProps = FieldText & Omit<JSX.TextareaHTMLAttributes<HTMLTextAreaElement>, 'class'>;

export function TextAreaField(props: TextAreaFieldProps) {
  const [text, input] = splitProps(props, ['label', 'error', 'hint', 'class', 'id']);
  const id = text.id ?? createUniqueId();
  const { describedBy, Text } = useDescribedBy(text);
  return (
    <div class={`flex flex-col gap-1.5 ${text.class ?? ''}`}>
      <label for={id} class="text-sm font-medium text-ink">
        {text.label}
      </label>
      <textarea
        id={id}
        class="input-field font-mono text-sm"
        aria-invalid={text.error ? 'true' : undefined}
        aria-describedby={describedBy()}
        {...input}
      />
      <Text />
    </div>
  );
}
