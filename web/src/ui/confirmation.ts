/**
 * The state behind one ConfirmDialog: what it is about, whether the confirmed action is running,
 * and why it failed. The dialog stays open on failure, with the API's message, so the user can
 * try again or cancel; it closes once the action succeeds.
 */
import { createSignal } from 'solid-js';
import { ApiError } from '../api/client';

export function createConfirmation<T = true>(run: (target: T) => Promise<unknown>, failure: string) {
  const [target, setTarget] = createSignal<T | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);

  const confirm = async () => {
    const current = target();
    if (current === null) return;
    setBusy(true);
    setError(null);
    try {
      await run(current);
      setTarget(null);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : failure);
    } finally {
      setBusy(false);
    }
  };

  return {
    target,
    /** Opens the dialog about `subject`, without the previous attempt's error. */
    open: (subject: T) => {
      setError(null);
      setTarget(() => subject);
    },
    /** Spread into ConfirmDialog: `<ConfirmDialog {...removal.dialog} title=… />`. */
    dialog: {
      get open() {
        return target() !== null;
      },
      get busy() {
        return busy();
      },
      get error() {
        return error();
      },
      onConfirm: () => void confirm(),
      onCancel: () => setTarget(null),
    },
  };
}
