/** "Are you sure?" for actions that cannot be undone; the confirm button names the action, never just "OK". */
import { type JSX, Show } from 'solid-js';
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
  onConfirm: () => void;
  onCancel: () => void;
}

export function ConfirmDialog(props: ConfirmDialogProps) {
  return (
    <Dialog
      open={props.open}
      title={props.title}
      description={props.description}
      onClose={props.onCancel}
      locked={props.busy}
    >
      <Show when={props.error}>
        <Banner tone="danger" title="That did not work">
          {props.error}
        </Banner>
      </Show>
      <div class="flex justify-end gap-2">
        <Button onClick={props.onCancel} data-autofocus>
          Cancel
        </Button>
        <Button variant="danger" busy={props.busy} onClick={props.onConfirm}>
          {props.confirmLabel}
        </Button>
      </div>
    </Dialog>
  );
}
