/** A text box with its send button for a ticket reply or note; Ctrl+Enter (⌘+Enter) sends too. */
import { createSignal } from 'solid-js';
import { ApiError } from '../../api/client';
import { Button } from '../../ui/Button';
import { TextAreaField } from '../../ui/Field';

export interface TicketComposerProps {
  label: string;
  hint: string;
  submitLabel: string;
  icon: string;
  onSend: (body: string) => Promise<void>;
}

export function TicketComposer(props: TicketComposerProps) {
  const [body, setBody] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);

  const send = async (event?: Event) => {
    event?.preventDefault();
    if (busy()) return;
    const text = body().trim();
    if (!text) {
      setError('Write something first.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await props.onSend(text);
      setBody('');
    } catch (caught) {
      setError(
        caught instanceof ApiError ? (caught.fields.body ?? caught.message) : 'The desk did not answer.',
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="flex flex-col gap-2" onSubmit={send} noValidate>
      <TextAreaField
        label={props.label}
        hint={props.hint}
        rows={4}
        maxLength={2000}
        value={body()}
        error={error()}
        onInput={(event) => setBody(event.currentTarget.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) void send(event);
        }}
      />
      <div class="flex justify-end">
        <Button type="submit" variant="primary" icon={props.icon} busy={busy()}>
          {props.submitLabel}
        </Button>
      </div>
    </form>
  );
}
