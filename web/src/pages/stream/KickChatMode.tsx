/**
 * How a Kick channel's chat is read: Kick's official webhooks, or kick.com's own chat socket read
 * by the chat runner (for when webhooks cannot reach the server). Saved as soon as it is chosen.
 */
import { createSignal, For, Show } from 'solid-js';
import { ApiError } from '../../api/client';
import { toast } from '../../ui/Toast';
import { setChannelChatMode } from './api';
import type { ChannelView } from './types';

type ChatMode = ChannelView['chatMode'];

const modes: { value: ChatMode; label: string; hint: string }[] = [
  {
    value: 'webhook',
    label: 'Kick’s webhooks (official)',
    hint: 'Kick sends each chat message to the bot.',
  },
  {
    value: 'socket',
    label: 'kick.com’s chat socket',
    hint: 'Needs Chromium on the server; reads chat even when webhooks can’t reach you.',
  },
];

export function KickChatMode(props: { channel: ChannelView; onChanged: () => unknown }) {
  const [mode, setMode] = createSignal<ChatMode>(props.channel.chatMode);
  const [saving, setSaving] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const name = `chat-mode-${props.channel.id}`;

  const choose = async (next: ChatMode) => {
    const previous = mode();
    if (next === previous) return;
    setMode(next);
    setSaving(true);
    setError(null);
    try {
      await setChannelChatMode(props.channel.id, next);
      toast(
        next === 'socket'
          ? `The bot reads ${props.channel.displayName}’s chat from kick.com’s socket`
          : `The bot reads ${props.channel.displayName}’s chat from Kick’s webhooks`,
      );
      void props.onChanged();
    } catch (failure) {
      setMode(previous);
      setError(failure instanceof ApiError ? failure.message : 'Could not change how chat is read.');
    } finally {
      setSaving(false);
    }
  };

  return (
    <fieldset class="flex flex-col gap-2" disabled={saving()} aria-busy={saving()}>
      <legend class="mb-1 text-sm font-medium text-ink">Read chat through</legend>
      <For each={modes}>
        {(option) => (
          <label
            class="flex cursor-pointer items-start gap-2 rounded-control border border-space-500 px-3 py-2 text-sm text-ink hover:border-space-400"
            classList={{ 'border-violet-400 bg-space-700': mode() === option.value }}
          >
            <input
              type="radio"
              name={name}
              class="mt-0.5 accent-violet-500"
              value={option.value}
              checked={mode() === option.value}
              onChange={() => void choose(option.value)}
            />
            <span class="flex flex-col gap-0.5">
              <span class="font-medium">{option.label}</span>
              <span class="text-xs text-ink-muted">{option.hint}</span>
            </span>
          </label>
        )}
      </For>
      <p class="text-xs text-ink-muted" aria-live="polite">
        <Show when={saving()}>Saving…</Show>
      </p>
      <Show when={error()}>
        {(message) => (
          <p role="alert" class="flex items-center gap-1 text-xs text-danger-300">
            <span class="i-ph-warning-circle" aria-hidden="true" />
            {message()}
          </p>
        )}
      </Show>
    </fieldset>
  );
}
