/**
 * "Are you sure?" for actions that cannot be undone; the confirm button names the action, never
 * just "OK". Options (e.g. "also delete volumes") go in `children`; for the worst cases
 * `confirmText` makes the user type a name before the button works.
 */
import { createEffect, createSignal, createUniqueId, type JSX, on, Show } from 'solid-js';
import { Banner } from './Banner';
import { Button } from './Button';
import { Dialog } from './Dialog';

export interface ConfirmDialogProps {
  open: boolean;
  title: string;
  description: JSX.Element;
  confirmLabel: string;
  busy?: boolean;
  error?: string | null;
  /** Extra options shown above the buttons. */
  children?: JSX.Element;
  /** The user must type exactly this (an instance name) to enable the confirm button. */
  confirmText?: string;
  /** `primary` for confirmations that are not destructive (redeploy). */
  variant?: 'danger' | 'primary';
  onConfirm: () => void;
  onCancel: () => void;
}

export function ConfirmDialog(props: ConfirmDialogProps) {
  const [typed, setTyped] = createSignal('');
  const inputId = createUniqueId();
  const hintId = createUniqueId();
  // Each opening starts with an empty box: a name typed for one item must not confirm the next.
  createEffect(on([() => props.open, () => props.confirmText], () => setTyped('')));
  const matches = () => props.confirmText === undefined || typed() === props.confirmText;

  const confirm = (event?: SubmitEvent) => {
    event?.preventDefault();
    if (!matches() || props.busy) return;
    props.onConfirm();
  };

  return (
    <Dialog
      open={props.open}
      title={props.title}
      description={props.description}
      onClose={props.onCancel}
      locked={props.busy}
    >
      <form class="flex flex-col gap-4" onSubmit={confirm} noValidate>
        {props.children}
        <Show when={props.confirmText !== undefined}>
          <div class="flex flex-col gap-1.5">
            <label for={inputId} class="text-sm font-medium text-ink">
              Type <span class="font-mono text-warn-300">{props.confirmText}</span> to confirm
            </label>
            <input
              id={inputId}
              class="input-field font-mono"
              data-autofocus
              autocomplete="off"
              spellcheck={false}
              aria-describedby={hintId}
              value={typed()}
              onInput={(event) => setTyped(event.currentTarget.value)}
            />
            <p id={hintId} class="text-xs text-ink-muted">
              {matches() ? 'Name matches.' : 'The button stays off until the name matches exactly.'}
            </p>
          </div>
        </Show>
        <Show when={props.error}>
          <Banner tone="danger" title="That did not work">
            {props.error}
          </Banner>
        </Show>
        <div class="flex justify-end gap-2">
          <Button
            onClick={props.onCancel}
            data-autofocus={props.confirmText === undefined ? true : undefined}
          >
            Cancel
          </Button>
          <Button type="submit" variant={props.variant ?? 'danger'} busy={props.busy} disabled={!matches()}>
            {props.confirmLabel}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
