/** Pulls an image by reference and shows the download live, a bar per layer, until it is done or fails. */
import { createSignal, For, onCleanup, Show } from 'solid-js';
import { ApiError } from '../../api/client';
import { formatBytes } from '../../lib/format';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { Field } from '../../ui/Field';
import { ProgressBar } from '../../ui/ProgressBar';
import { toast } from '../../ui/Toast';
import { pullImage } from './api';
import { applyProgress, emptyPull, overallProgress, type PullState } from './pull';
import type { PullProgress } from './types';

type Phase = 'form' | 'pulling' | 'done' | 'failed';

export function PullDialog(props: { open: boolean; onClose: () => void; onPulled: () => void }) {
  const [reference, setReference] = createSignal('');
  const [phase, setPhase] = createSignal<Phase>('form');
  const [progress, setProgress] = createSignal<PullState>(emptyPull);
  const [error, setError] = createSignal<ApiError | null>(null);
  const [failure, setFailure] = createSignal<string | null>(null);
  let controller: AbortController | undefined;
  onCleanup(() => controller?.abort());

  const referenceError = () => error()?.fields.reference;

  const close = () => {
    if (phase() === 'pulling') return;
    setReference('');
    setPhase('form');
    setProgress(emptyPull);
    setError(null);
    setFailure(null);
    props.onClose();
  };

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const ref = reference().trim();
    setError(null);
    if (!ref) {
      setError(
        new ApiError(400, 'invalid', 'Name an image.', { reference: 'Name an image, e.g. nginx:1.27.' }),
      );
      return;
    }
    setPhase('pulling');
    setProgress({ ...emptyPull, message: `Pulling ${ref}…` });
    setFailure(null);
    controller = new AbortController();
    let outcome = 'failed' as Phase;
    try {
      await pullImage(
        ref,
        ({ event: name, data }) => {
          const body = JSON.parse(data) as Record<string, unknown>;
          if (name === 'progress')
            setProgress((state) => applyProgress(state, body as unknown as PullProgress));
          else if (name === 'done') outcome = 'done';
          else if (name === 'error') setFailure(String(body.message ?? 'The pull failed.'));
        },
        controller.signal,
      );
      if (outcome === 'done') {
        toast(`Pulled ${ref}`);
        props.onPulled();
      } else if (!failure()) {
        setFailure('The pull stopped before the engine said it was done.');
      }
      setPhase(outcome);
    } catch (caught) {
      if (caught instanceof ApiError) {
        setError(caught);
        setPhase('form');
      } else {
        setFailure(
          'The connection broke during the pull. It may still finish on the server; refresh the list.',
        );
        setPhase('failed');
      }
    }
  };

  const overall = () => overallProgress(progress());

  return (
    <Dialog open={props.open} onClose={close} locked={phase() === 'pulling'} title="Pull an image" size="lg">
      <form class="flex flex-col gap-4" onSubmit={submit} noValidate>
        <Show when={error() && !error()?.fields.reference}>
          <Banner tone="danger" title="Could not start the pull">
            {error()?.message}
          </Banner>
        </Show>
        <Field
          label="Image"
          placeholder="nginx:1.27 or ghcr.io/owner/app:tag"
          data-autofocus
          required
          spellcheck={false}
          autocomplete="off"
          readOnly={phase() === 'pulling'}
          value={reference()}
          hint="Without a tag, Docker pulls :latest."
          error={referenceError()}
          onInput={(event) => setReference(event.currentTarget.value)}
        />
        <Show when={phase() !== 'form'}>
          <div class="flex flex-col gap-3" aria-live="polite">
            <p class="text-sm text-ink" role="status">
              {phase() === 'done'
                ? 'Pull complete.'
                : phase() === 'failed'
                  ? 'Pull failed.'
                  : progress().message}
            </p>
            <Show when={overall()}>
              {(o) => (
                <ProgressBar
                  label="Overall"
                  value={o().current}
                  max={o().total}
                  valueText={`${formatBytes(o().current)} of ${formatBytes(o().total)}`}
                  tone={phase() === 'done' ? 'done' : phase() === 'failed' ? 'failed' : 'active'}
                />
              )}
            </Show>
          </div>
          <Show when={progress().layers.length > 0}>
            <ul class="flex max-h-64 flex-col gap-2 overflow-y-auto pr-1" aria-label="Layers">
              <For each={progress().layers}>
                {(layer) => (
                  <li>
                    <ProgressBar
                      label={`Layer ${layer.id}: ${layer.status}`}
                      value={layer.done ? 1 : layer.current}
                      max={layer.done ? 1 : layer.total}
                      valueText={
                        layer.total && !layer.done
                          ? `${formatBytes(layer.current ?? 0)} of ${formatBytes(layer.total)}`
                          : undefined
                      }
                      tone={layer.done ? 'done' : 'active'}
                    />
                  </li>
                )}
              </For>
            </ul>
          </Show>
          <Show when={failure()}>
            <Banner tone="danger" title="The pull failed">
              {failure()}
            </Banner>
          </Show>
        </Show>
        <div class="flex justify-end gap-2">
          <Show
            when={phase() === 'form'}
            fallback={
              <Button onClick={close} disabled={phase() === 'pulling'}>
                {phase() === 'pulling' ? 'Pulling…' : 'Close'}
              </Button>
            }
          >
            <Button onClick={close}>Cancel</Button>
            <Button type="submit" variant="primary" icon="i-ph-download-simple">
              Pull
            </Button>
          </Show>
        </div>
      </form>
    </Dialog>
  );
}
