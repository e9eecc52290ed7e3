/** The box that starts a conversation with Jarvis and opens it, on the home page and the chat page. */
import { useNavigate } from '@solidjs/router';
import { createSignal, createUniqueId, Show } from 'solid-js';
import { ApiError } from '../../api/client';
import { Button } from '../../ui/Button';
import { startConversation } from './api';

export function AskJarvis(props: { placeholder?: string }) {
  const navigate = useNavigate();
  const [text, setText] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const inputId = createUniqueId();
  const errorId = createUniqueId();

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const message = text().trim();
    if (!message || busy()) return;
    setBusy(true);
    setError(null);
    try {
      const started = await startConversation(message);
      setText('');
      navigate(`/jarvis/${started.conversation.id}`);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : 'Jarvis could not be asked.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="flex flex-col gap-2" onSubmit={submit} noValidate>
      <label for={inputId} class="text-sm font-medium text-ink">
        Ask Jarvis
      </label>
      <div class="flex flex-wrap gap-2">
        <input
          id={inputId}
          class="input-field min-w-0 flex-1"
          placeholder={props.placeholder ?? 'Why is my Nextcloud slow today?'}
          value={text()}
          maxLength={8000}
          aria-invalid={error() ? 'true' : undefined}
          aria-describedby={error() ? errorId : undefined}
          onInput={(event) => setText(event.currentTarget.value)}
        />
        <Button type="submit" variant="primary" icon="i-ph-paper-plane-right" busy={busy()}>
          Ask
        </Button>
      </div>
      <Show when={error()}>
        <p id={errorId} role="alert" class="flex items-center gap-1 text-xs text-danger-300">
          <span class="i-ph-warning-circle" aria-hidden="true" />
          {error()}
        </p>
      </Show>
    </form>
  );
}
