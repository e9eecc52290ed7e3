/**
 * "Copy link": a download link for one clean file that works without signing in until it expires.
 * The owner picks how long; the link is made (and audited) only when asked for.
 */
import { createSignal, createUniqueId, For, Show } from 'solid-js';
import { ApiError } from '../../api/client';
import { formatDateTime, formatRelative } from '../../lib/format';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import { CopyButton } from '../../ui/CopyButton';
import { Dialog } from '../../ui/Dialog';
import { createDownloadLink } from './api';
import type { LinkView, UploadView } from './types';

export const linkExpiries = [
  { minutes: 15, label: '15 minutes' },
  { minutes: 60, label: '1 hour' },
  { minutes: 1440, label: '24 hours' },
  { minutes: 10_080, label: '7 days' },
] as const;

export function LinkDialog(props: { upload: UploadView; onClose: () => void }) {
  let urlInput!: HTMLInputElement;
  const urlId = createUniqueId();
  const [minutes, setMinutes] = createSignal<number>(60);
  const [link, setLink] = createSignal<LinkView | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const absolute = (url: string) => new URL(url, window.location.origin).toString();

  const create = async (event: SubmitEvent) => {
    event.preventDefault();
    if (busy()) return;
    setBusy(true);
    setError(null);
    try {
      setLink(await createDownloadLink(props.upload.id, minutes()));
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : 'Could not make the link.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      open={true}
      title={`Download link for ${props.upload.name}`}
      description="Anyone with the link can download the file, without signing in, until it expires."
      onClose={props.onClose}
      locked={busy()}
    >
      <Show
        when={link()}
        fallback={
          <form class="flex flex-col gap-4" onSubmit={(event) => void create(event)} noValidate>
            <fieldset class="flex flex-col gap-2">
              <legend class="mb-1 text-sm font-medium text-ink">Expires after</legend>
              <div class="flex flex-wrap gap-2">
                <For each={linkExpiries}>
                  {(expiry) => (
                    <label
                      class={`flex cursor-pointer items-center gap-2 rounded-control border px-3 py-1.5 text-sm text-ink ${
                        minutes() === expiry.minutes
                          ? 'border-violet-400 bg-violet-500/15'
                          : 'border-space-500'
                      }`}
                    >
                      <input
                        type="radio"
                        name="expiry"
                        class="accent-violet-500"
                        value={expiry.minutes}
                        checked={minutes() === expiry.minutes}
                        onChange={() => setMinutes(expiry.minutes)}
                      />
                      {expiry.label}
                    </label>
                  )}
                </For>
              </div>
            </fieldset>
            <Show when={error()}>
              <Banner tone="danger" title="Could not make the link">
                {error()}
              </Banner>
            </Show>
            <div class="flex justify-end gap-2">
              <Button onClick={props.onClose}>Cancel</Button>
              <Button type="submit" variant="primary" icon="i-ph-link" busy={busy()}>
                Create link
              </Button>
            </div>
          </form>
        }
      >
        {(made) => (
          <div class="flex flex-col gap-4">
            <div class="flex flex-col gap-1.5">
              <label for={urlId} class="text-sm font-medium text-ink">
                Link
              </label>
              <div class="flex gap-2">
                <input
                  ref={urlInput}
                  id={urlId}
                  class="input-field font-mono text-xs"
                  readOnly
                  value={absolute(made().url)}
                  onFocus={(event) => event.currentTarget.select()}
                />
                <CopyButton
                  text={absolute(made().url)}
                  what="download link"
                  variant="primary"
                  onBlocked={() => urlInput.select()}
                />
              </div>
              <p class="text-xs text-ink-muted">
                Expires {formatRelative(made().expiresAt)} ({formatDateTime(made().expiresAt)}).
              </p>
            </div>
            <div class="flex justify-end">
              <Button onClick={props.onClose} data-autofocus>
                Done
              </Button>
            </div>
          </div>
        )}
      </Show>
    </Dialog>
  );
}
