/**
 * The editor of a reply in the variable language: a textarea whose parse error shows right under
 * it with the spot marked, a live preview rendered by the server with an editable sample caller
 * and arguments, and the list of variables. Commands and timers both use it.
 */
import { templateVariables } from '@homelab/db/stream/template';
import { createEffect, createSignal, createUniqueId, For, on, onCleanup, Show } from 'solid-js';
import { ApiError } from '../../../api/client';
import { type PreviewResult, previewTemplate, type TemplateError } from '../api';

export interface TemplateEditorProps {
  label: string;
  value: string;
  onInput: (value: string) => void;
  /** Another problem with the text (the save's answer), shown when the preview has none. */
  error?: string | undefined;
  /** Whether the sample arguments matter (a command's; a timer has none). */
  withArgs?: boolean;
  /** Milliseconds of quiet typing before the preview asks the server. */
  debounceMs?: number;
}

/** The source around the error, with the offending characters marked. */
function ErrorMarker(props: { source: string; error: TemplateError }) {
  const start = () => Math.max(0, Math.min(props.error.start, props.source.length));
  const end = () => Math.max(start() + 1, Math.min(props.error.end, props.source.length));
  const marked = () => props.source.slice(start(), end());
  return (
    <code class="block whitespace-pre-wrap break-all rounded bg-space-900 px-2 py-1 text-xs text-ink-muted">
      {props.source.slice(0, start())}
      <mark
        class="rounded-sm bg-danger-500/40 px-0.5 text-ink underline decoration-wavy"
        data-testid="error-marker"
      >
        {marked() || ' '}
      </mark>
      {props.source.slice(end())}
    </code>
  );
}

export function TemplateEditor(props: TemplateEditorProps) {
  const textareaId = createUniqueId();
  const errorId = createUniqueId();
  const previewId = createUniqueId();
  const [user, setUser] = createSignal('viewer');
  const [args, setArgs] = createSignal('');
  const [result, setResult] = createSignal<PreviewResult | null>(null);
  const [failure, setFailure] = createSignal<string | null>(null);
  const [pending, setPending] = createSignal(false);
  let asked = 0;

  createEffect(
    on([() => props.value, user, args], ([template, sampleUser, sampleArgs]) => {
      if (!template.trim()) {
        setResult(null);
        setFailure(null);
        return;
      }
      setPending(true);
      const timer = setTimeout(async () => {
        const ask = ++asked;
        try {
          const answer = await previewTemplate({
            template,
            user: sampleUser.trim() || undefined,
            args: props.withArgs === false ? undefined : sampleArgs,
          });
          if (ask !== asked) return;
          setResult(answer);
          setFailure(null);
        } catch (error) {
          if (ask !== asked) return;
          setFailure(error instanceof ApiError ? error.message : 'The preview could not be rendered.');
        } finally {
          if (ask === asked) setPending(false);
        }
      }, props.debounceMs ?? 300);
      onCleanup(() => clearTimeout(timer));
    }),
  );

  const parseError = () => {
    const answer = result();
    return answer && !answer.ok ? answer.error : null;
  };
  const shownError = () => (parseError() ? null : props.error);

  return (
    <div class="flex flex-col gap-3">
      <div class="flex flex-col gap-1.5">
        <label for={textareaId} class="text-sm font-medium text-ink">
          {props.label}
        </label>
        <textarea
          id={textareaId}
          class="input-field min-h-24 font-mono text-sm"
          value={props.value}
          maxLength={500}
          spellcheck={false}
          aria-invalid={parseError() || shownError() ? 'true' : undefined}
          aria-describedby={`${parseError() || shownError() ? `${errorId} ` : ''}${previewId}`}
          onInput={(event) => props.onInput(event.currentTarget.value)}
        />
        <div class="flex justify-end text-xs text-ink-muted">{props.value.length}/500</div>
        <Show when={parseError()}>
          {(error) => (
            <div id={errorId} class="flex flex-col gap-1 text-xs text-danger-300">
              <p class="flex items-center gap-1">
                <span class="i-ph-warning-circle" aria-hidden="true" />
                {error().message} (at character {error().start + 1})
              </p>
              <ErrorMarker source={props.value} error={error()} />
            </div>
          )}
        </Show>
        <Show when={shownError()}>
          {(message) => (
            <p id={errorId} class="flex items-center gap-1 text-xs text-danger-300">
              <span class="i-ph-warning-circle" aria-hidden="true" />
              {message()}
            </p>
          )}
        </Show>
      </div>

      <section class="flex flex-col gap-2 rounded-lg border border-space-600/60 p-3" aria-label="Preview">
        <div class="flex flex-wrap items-end gap-3">
          <h3 class="mr-auto text-sm font-medium text-ink">Preview</h3>
          <label class="flex flex-col gap-1 text-xs text-ink-muted">
            Sample viewer
            <input
              class="input-field w-36 text-sm"
              value={user()}
              onInput={(e) => setUser(e.currentTarget.value)}
            />
          </label>
          <Show when={props.withArgs !== false}>
            <label class="flex flex-col gap-1 text-xs text-ink-muted">
              Sample words after the command
              <input
                class="input-field w-52 text-sm"
                value={args()}
                onInput={(e) => setArgs(e.currentTarget.value)}
              />
            </label>
          </Show>
        </div>
        <p
          id={previewId}
          role="status"
          aria-live="polite"
          class="min-h-6 whitespace-pre-wrap break-words text-sm text-ink"
        >
          <Show
            when={result()}
            fallback={
              <span class="text-ink-muted">
                {props.value.trim() ? 'Rendering…' : 'Write a reply to see it here.'}
              </span>
            }
          >
            {(answer) => (
              <Show
                when={answer().ok && (answer() as { text: string }).text !== undefined}
                fallback={<span class="text-ink-muted">Fix the error above to see the reply.</span>}
              >
                <span data-testid="preview-text">{(answer() as { text: string }).text}</span>
              </Show>
            )}
          </Show>
          <Show when={pending() && result()}>
            <span class="sr-only"> (updating)</span>
          </Show>
        </p>
        <Show when={failure()}>{(message) => <p class="text-xs text-warn-300">{message()}</p>}</Show>
      </section>

      <details class="text-sm">
        <summary class="cursor-pointer text-ink-muted">Variables you can use</summary>
        <dl class="mt-2 grid gap-x-4 gap-y-1 sm:grid-cols-[max-content_1fr]">
          <For each={templateVariables}>
            {(variable) => (
              <>
                <dt class="font-mono text-xs text-violet-200">{variable.usage}</dt>
                <dd class="text-xs text-ink-muted">{variable.description}</dd>
              </>
            )}
          </For>
        </dl>
      </details>
    </div>
  );
}
