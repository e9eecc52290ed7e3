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

/** The control's id and ARIA wiring, as getters so a spread on the control stays reactive. */
interface ControlAttributes {
  readonly id: string;
  readonly 'aria-invalid': 'true' | undefined;
  readonly 'aria-describedby': string | undefined;
}

function useDescribedBy(props: FieldText, id: string) {
  const hintId = createUniqueId();
  const errorId = createUniqueId();
  const control: ControlAttributes = {
    id,
    get 'aria-invalid'() {
      return props.error ? 'true' : undefined;
    },
    get 'aria-describedby'() {
      return [props.hint ? hintId : '', props.error ? errorId : ''].filter(Boolean).join(' ') || undefined;
    },
  };
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
  return { control, Text };
}

/** The label above the control and the hint and error below it: every field but the checkbox. */
function StackedField(props: {
  text: FieldText & { id?: string | undefined };
  children: (control: ControlAttributes) => JSX.Element;
}) {
  const { control, Text } = useDescribedBy(props.text, props.text.id ?? createUniqueId());
  // Built once here, where nothing is tracked: inside the JSX a change could rebuild it mid-typing.
  const element = props.children(control);
  return (
    <div class={`flex flex-col gap-1.5 ${props.text.class ?? ''}`}>
      <label for={control.id} class="text-sm font-medium text-ink">
        {props.text.label}
      </label>
      {element}
      <Text />
    </div>
  );
}

const textKeys = ['label', 'error', 'hint', 'class', 'id'] as const;

export type FieldProps = FieldText & Omit<JSX.InputHTMLAttributes<HTMLInputElement>, 'class'>;

export function Field(props: FieldProps) {
  const [text, input] = splitProps(props, textKeys);
  return (
    <StackedField text={text}>
      {(control) => <input class="input-field" {...control} {...input} />}
    </StackedField>
  );
}

export interface SelectFieldProps extends FieldText {
  id?: string;
  name?: string;
  value: string;
  onChange: (value: string) => void;
  options: readonly { value: string; label: string }[];
}

export function SelectField(props: SelectFieldProps) {
  return (
    <StackedField text={props}>
      {(control) => (
        <select
          id={control.id}
          name={props.name}
          class="input-field"
          value={props.value}
          aria-invalid={control['aria-invalid']}
          aria-describedby={control['aria-describedby']}
          onChange={(event) => props.onChange(event.currentTarget.value)}
        >
          {/* Each option says whether it is chosen: options that load after the value (a lookup) still show it. */}
          <For each={props.options}>
            {(option) => (
              <option value={option.value} selected={option.value === props.value}>
                {option.label}
              </option>
            )}
          </For>
        </select>
      )}
    </StackedField>
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
  const { control, Text } = useDescribedBy(props, createUniqueId());
  return (
    <div class={`flex flex-col gap-1 ${props.class ?? ''}`}>
      <div class="flex items-center gap-2">
        <input
          id={control.id}
          type="checkbox"
          class="h-4 w-4 accent-violet-500"
          checked={props.checked}
          disabled={props.disabled}
          aria-invalid={control['aria-invalid']}
          aria-describedby={control['aria-describedby']}
          onChange={(event) => props.onChange(event.currentTarget.checked)}
        />
        <label for={control.id} class="text-sm text-ink">
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
  const [text, input] = splitProps(props, textKeys);
  return (
    <StackedField text={text}>
      {(control) => <textarea class="input-field font-mono text-sm" {...control} {...input} />}
    </StackedField>
  );
}
