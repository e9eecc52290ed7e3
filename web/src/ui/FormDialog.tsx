/**
 * The dialog that adds or edits one thing: an ApiForm whose own checks block sending, a toast
 * once it is saved, then the list refreshed and the dialog closed. Escape waits while it sends.
 */
import type { JSX } from 'solid-js';
import { ApiForm, type ApiFormOptions, type ApiFormState, createApiForm } from './ApiForm';
import { Dialog, type DialogProps } from './Dialog';
import { toast } from './Toast';

export interface SaveFormOptions<F extends string> extends ApiFormOptions {
  /** The page's own checks: a message per field, null where the field is fine. */
  checks: () => Record<F, string | null>;
  /** Sends the form and answers the toast's text, e.g. "!hello added". */
  save: () => Promise<string>;
  onSaved: () => void;
  onClose: () => void;
}

export function createSaveForm<F extends string>(options: SaveFormOptions<F>) {
  const form = createApiForm(options);
  /** The message under a field: the API's, else the page's own check once the user tried to send. */
  const errorOf = (field: F) => form.fieldError(field, options.checks()[field]);
  return {
    ...form,
    submit: form.handleSubmit(
      async () => {
        toast(await options.save());
        options.onSaved();
        options.onClose();
      },
      { invalid: () => Object.values(options.checks()).some(Boolean) },
    ),
    errorOf,
    /** A text field kept in a signal: its value, its message and its input handler, to spread on a Field. */
    bind: (field: F, value: () => string, setValue: (next: string) => void) => ({
      get value() {
        return value();
      },
      get error() {
        return errorOf(field);
      },
      onInput: (event: { currentTarget: { value: string } }) => setValue(event.currentTarget.value),
    }),
  };
}

export interface FormDialogProps {
  form: ApiFormState & { submit: (event: SubmitEvent) => void };
  title: string;
  size?: DialogProps['size'];
  /** The banner's title when the API refuses without naming a field, e.g. "Could not save the timer". */
  failureTitle: string;
  submitLabel: string;
  onClose: () => void;
  children: JSX.Element;
}

export function FormDialog(props: FormDialogProps) {
  return (
    <Dialog
      open={true}
      size={props.size}
      title={props.title}
      onClose={props.onClose}
      locked={props.form.busy()}
    >
      <ApiForm
        form={props.form}
        onSubmit={props.form.submit}
        failureTitle={props.failureTitle}
        submitLabel={props.submitLabel}
        submitIcon="i-ph-check"
        onCancel={props.onClose}
      >
        {props.children}
      </ApiForm>
    </Dialog>
  );
}
