/** A message box for one channel: sends through the bot, and says "queued" once the runner took it. */
import { createSignal, createUniqueId, Show } from 'solid-js';
import { ApiError } from '../../api/client';
import { Button } from '../../ui/Button';
import { sendChatMessage } from './api';
import { platformLooks } from './labels';
import type { ChannelView } from './types';

// The platforms' own limit is 500 characters (db/src/stream/events.ts, chatSendSchema).
const maxLength = 500;

export function SendBox(props: { channel: ChannelView }) {
  const id = createUniqueId();
  const [text, setText] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const [outcome, setOutcome] = createSignal<{ ok: boolean; text: string } | null>(null);
  const look = () => platformLooks[props.channel.platform];

  const send = async (event: SubmitEvent) => {
    event.preventDefault();
    const message = text().trim();
    if (!message) {
      setOutcome({ ok: false, text: 'Write something first.' });
      return;
    }
    setBusy(true);
    setOutcome(null);
    try {
      await sendChatMessage(props.channel.id, message);
      setText('');
      setOutcome({ ok: true, text: 'Queued: it goes out as soon as the platform’s rate limit allows.' });
    } catch (error) {
      setOutcome({
        ok: false,
        text:
          error instanceof ApiError && error.status === 409
            ? 'No chat runner holds this channel right now, so nothing was sent. Try again in a minute.'
            : error instanceof ApiError
              ? error.message
              : 'Could not send the message.',
      });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="flex flex-col gap-1.5" onSubmit={send} aria-describedby={`${id}-outcome`}>
      <label for={id} class="flex items-center gap-2 text-sm font-medium text-ink">
        <span class={look().icon} aria-hidden="true" />
        Message to {props.channel.displayName} on {look().name}
      </label>
      <div class="flex gap-2">
        <input
          id={id}
          class="input-field"
          value={text()}
          maxLength={maxLength}
          autocomplete="off"
          disabled={!props.channel.enabled}
          onInput={(e) => setText(e.currentTarget.value)}
        />
        <Button type="submit" icon="i-ph-paper-plane-tilt" busy={busy()} disabled={!props.channel.enabled}>
          Send
        </Button>
      </div>
      <p id={`${id}-outcome`} role="status" class="min-h-4 text-xs">
        <Show when={!props.channel.enabled}>
          <span class="text-ink-muted">The bot is off in this channel; turn it on under Connections.</span>
        </Show>
        <Show when={outcome()}>
          {(o) => <span class={o().ok ? 'text-ok-300' : 'text-danger-300'}>{o().text}</span>}
        </Show>
      </p>
    </form>
  );
}
