/**
 * Forms the API checks again: the page checks what it can before sending, the API's 400 names the
 * fields it rejects, and each message goes under the field it is about; a message that names
 * none of the form's fields goes in a banner on top instead.
 */
import { createSignal, type JSX, Show } from 'solid-js';
import { ApiError } from '../api/client';
import { Banner } from './Banner';
import { Button } from './Button';

export interface ApiFormOptions {
  /** The banner's message when the call failed without the API's own (a bug, not a refusal). */
  failure: string;
  /** The API's names of the fields this form shows, so their messages stay off the banner. */
  fields: readonly string[];
}

export function createApiForm(options: ApiFormOptions) {
  const [submitted, setSubmitted] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<ApiError | null>(null);

  return {
    busy,
    error,
    /** Whether the user has tried to send, so the page's own checks may speak up. */
    submitted,
    /** The API's message for a field, else the page's own check once the user has tried to send. */
    fieldError: (field: string, local?: string | null) =>
      error()?.fields[field] ?? (submitted() ? (local ?? undefined) : undefined),
    /** The API's message when it names none of the form's fields. */
    formError: () => {
      const e = error();
      return e && !options.fields.some((field) => e.fields[field]) ? e.message : null;
    },
    /**
     * The form's submit handler around `send`: nothing goes out twice, or while `invalid()` says
     * so; a failure keeps the form open with the API's answer, then runs `onFailure`.
     */
    handleSubmit:
      (send: () => Promise<unknown>, guards: { invalid?: () => unknown; onFailure?: () => void } = {}) =>
      async (event: SubmitEvent) => {
        event.preventDefault();
        if (busy()) return;
        setSubmitted(true);
        setError(null);
        if (guards.invalid?.()) return;
        setBusy(true);
        try {
          await send();
        } catch (caught) {
          setError(caught instanceof ApiError ? caught : new ApiError(0, 'unknown', options.failure));
          guards.onFailure?.();
        } finally {
          setBusy(false);
        }
      },
    /** Forgets the last attempt, for a form opened afresh. */
    reset: () => {
      setSubmitted(false);
      setError(null);
    },
  };
}

export type ApiFormState = ReturnType<typeof createApiForm>;

export interface ApiFormProps {
  form: ApiFormState;
  onSubmit: (event: SubmitEvent) => void;
  /** The banner's title, e.g. "Could not create the network". */
  failureTitle: string;
  submitLabel: string;
  submitIcon: string;
  onCancel: () => void;
  children: JSX.Element;
  ref?: HTMLFormElement | ((form: HTMLFormElement) => void);
}

/** The banner for the API's message that names none of the form's fields. */
export function FormError(props: { form: ApiFormState; title: string }) {
  return (
    <Show when={props.form.formError()}>
      {(message) => (
        <Banner tone="danger" title={props.title}>
          {message()}
        </Banner>
      )}
    </Show>
  );
}

/** The form of a dialog: the banner, the fields, then Cancel and the submit button. */
export function ApiForm(props: ApiFormProps) {
  return (
    <form ref={props.ref} class="flex flex-col gap-4" onSubmit={props.onSubmit} noValidate>
      <FormError form={props.form} title={props.failureTitle} />
      {props.children}
      <div class="flex justify-end gap-2">
        <Button onClick={props.onCancel}>Cancel</Button>
        <Button type="submit" variant="primary" icon={props.submitIcon} busy={props.form.busy()}>
          {props.submitLabel}
        </Button>
      </div>
    </form>
  );
}
