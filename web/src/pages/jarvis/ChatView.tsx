/**
 * One conversation: the messages and tool calls in the order they happened, the answer streaming
 * in as Jarvis writes it, why a turn stopped early, the tokens and cost so far, and the reply box.
 */
import {
  createEffect,
  createMemo,
  createSignal,
  createUniqueId,
  Index,
  Match,
  on,
  Show,
  Switch,
} from 'solid-js';
import { ApiError } from '../../api/client';
import { Badge } from '../../ui/Badge';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { LiveBadge } from '../../ui/LiveBadge';
import { LoadState } from '../../ui/LoadState';
import { type ConversationDetail, type Message, sendMessage, type ToolCall } from './api';
import { createLiveConversation } from './conversation';
import { conversationStateLook, explainStop, formatCost, formatTokens } from './labels';
import { whenLoaded } from './loaded';
import { ToolCallCard } from './ToolCallCard';

type Entry = { kind: 'message'; at: string; message: Message } | { kind: 'call'; at: string; call: ToolCall };

/** Messages and calls on one time line; tool results are shown on their call's card, not again as text. */
function timeline(detail: ConversationDetail): Entry[] {
  const entries: Entry[] = [
    ...detail.messages
      // A message that only asked for tools has no words: its calls are the cards.
      .filter((m) => m.role !== 'tool' && m.content.trim() !== '')
      .map((message) => ({ kind: 'message' as const, at: message.at, message })),
    ...detail.toolCalls.map((call) => ({ kind: 'call' as const, at: call.createdAt, call })),
  ];
  return entries.sort((a, b) => a.at.localeCompare(b.at));
}

const messageOf = (entry: Entry) => (entry.kind === 'message' ? entry.message : undefined);
const callOf = (entry: Entry) => (entry.kind === 'call' ? entry.call : undefined);

export function ChatView(props: { id: string; onStateChange?: () => void }) {
  const live = createLiveConversation(props.id);
  const conversation = () => live.detail.value()?.conversation;
  // The conversation list beside the chat shows each state too: tell it when this one changes.
  createEffect(
    on(
      () => conversation()?.state,
      (state, previous) => {
        if (state && previous && state !== previous) props.onStateChange?.();
      },
    ),
  );

  return (
    <Card
      title={conversation()?.title ?? 'Conversation'}
      icon="i-ph-chats-circle"
      class="min-w-0 flex-1"
      actions={
        <>
          <Show when={conversation()}>
            {(c) => (
              <>
                <Badge
                  tone={conversationStateLook[c().state].tone}
                  icon={conversationStateLook[c().state].icon}
                >
                  {conversationStateLook[c().state].text}
                </Badge>
                <span class="text-xs text-ink-muted">
                  {formatTokens(c().promptTokens + c().completionTokens)} tokens ·{' '}
                  {formatCost(c().costMicros)}
                </span>
              </>
            )}
          </Show>
          <LiveBadge state={live.stream()} what="Conversation feed" />
        </>
      }
    >
      <LoadState load={whenLoaded(live.detail)} what="conversation">
        {() => <Conversation live={live} detail={live.detail.value()!} />}
      </LoadState>
    </Card>
  );
}

function Conversation(props: {
  live: ReturnType<typeof createLiveConversation>;
  detail: ConversationDetail;
}) {
  const entries = createMemo(() => timeline(props.detail));
  const state = () => props.detail.conversation.state;
  const stopped = () => explainStop(props.detail.conversation.stopReason);

  return (
    <div class="flex flex-col gap-4">
      <ol class="flex flex-col gap-3" aria-label="Messages">
        {/* By position, not identity: a call that changes state updates its card in place, keeping focus. */}
        <Index each={entries()}>
          {(entry) => (
            <li>
              <Switch>
                <Match when={messageOf(entry())}>
                  {(message) => <Bubble author={message().role} content={message().content} />}
                </Match>
                <Match when={callOf(entry())}>
                  {(call) => <ToolCallCard call={call()} onDecided={props.live.upsertCall} />}
                </Match>
              </Switch>
            </li>
          )}
        </Index>
      </ol>
      {/* Busy while the answer streams, so a screen reader reads it once it is whole, not every word. */}
      <div aria-live="polite" aria-busy={props.live.draft() ? 'true' : undefined}>
        <Show when={props.live.draft()}>
          <Bubble author="assistant" content={props.live.draft()} streaming />
        </Show>
        <Show when={state() === 'running' && !props.live.draft()}>
          <p class="flex items-center gap-2 text-sm text-ink-muted">
            <span class="i-ph-circle-notch animate-spin" aria-hidden="true" />
            Jarvis is thinking…
          </p>
        </Show>
      </div>
      <Show when={stopped()}>
        <Banner
          tone={props.detail.conversation.stopReason === 'no_model' ? 'info' : 'warn'}
          title="Jarvis stopped"
        >
          {stopped()}
        </Banner>
      </Show>
      <Show when={state() === 'waiting'}>
        <Banner tone="warn" title="Waiting for your decision">
          Jarvis proposed an action above; approve or deny it to let it continue.
        </Banner>
      </Show>
      <Reply
        id={props.detail.conversation.id}
        running={state() === 'running'}
        onSent={props.live.addMessage}
      />
    </div>
  );
}

function Bubble(props: { author: Message['role']; content: string; streaming?: boolean }) {
  const mine = () => props.author === 'user';
  return (
    <div class={`flex ${mine() ? 'justify-end' : 'justify-start'}`}>
      <div
        class={`max-w-[80ch] whitespace-pre-wrap rounded-control px-4 py-3 text-sm text-ink ${
          mine() ? 'bg-violet-600/30' : 'border border-space-600 bg-space-800/80'
        }`}
      >
        <p class="mb-1 text-xs font-medium text-ink-muted">
          {mine() ? 'You' : 'Jarvis'}
          {props.streaming ? ' (writing…)' : ''}
        </p>
        {props.content}
      </div>
    </div>
  );
}

function Reply(props: { id: string; running: boolean; onSent: (message: Message) => void }) {
  const [text, setText] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const inputId = createUniqueId();
  const hintId = createUniqueId();

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const message = text().trim();
    if (!message || busy() || props.running) return;
    setBusy(true);
    setError(null);
    try {
      props.onSent(await sendMessage(props.id, message));
      setText('');
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : 'The message could not be sent.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="flex flex-col gap-2" onSubmit={submit} noValidate>
      <label for={inputId} class="text-sm font-medium text-ink">
        Your message
      </label>
      <textarea
        id={inputId}
        class="input-field min-h-20 text-sm"
        value={text()}
        maxLength={8000}
        aria-describedby={hintId}
        onInput={(event) => setText(event.currentTarget.value)}
        onKeyDown={(event) => {
          // Enter sends, Shift+Enter starts a new line, as in every chat.
          if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
            event.preventDefault();
            event.currentTarget.form?.requestSubmit();
          }
        }}
      />
      <div class="flex flex-wrap items-center justify-between gap-2">
        <p id={hintId} class="text-xs text-ink-muted">
          {props.running
            ? 'Jarvis is answering; you can write while you wait.'
            : 'Enter sends, Shift+Enter adds a line.'}
        </p>
        <Button
          type="submit"
          variant="primary"
          icon="i-ph-paper-plane-right"
          busy={busy()}
          disabled={props.running}
        >
          Send
        </Button>
      </div>
      <Show when={error()}>
        <p role="alert" class="text-xs text-danger-300">
          {error()}
        </p>
      </Show>
    </form>
  );
}
