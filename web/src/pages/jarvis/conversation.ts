/**
 * One conversation kept live: loaded once, then moved along by its feed (`delta` text while the
 * model writes, `message`, `tool` and `state` as they happen). A reconnect reloads, because the
 * feed replays nothing that happened while it was away.
 */
import { batch, createSignal } from 'solid-js';
import { createEventStream } from '../../lib/sse';
import { createLoaded } from '../monitoring/load';
import {
  type Conversation,
  type ConversationDetail,
  conversationStreamUrl,
  getConversation,
  type Message,
  type ToolCall,
} from './api';

type MessageEvent = { message: Omit<Message, 'toolCallId'> & { toolCallId?: string | null } };
type StateEvent = { state: Conversation['state']; stopReason: string | null };

export function createLiveConversation(id: string) {
  const detail = createLoaded(() => getConversation(id));
  /** The assistant's answer as it streams in, until its `message` event replaces it. */
  const [draft, setDraft] = createSignal('');

  const update = (change: (value: ConversationDetail) => ConversationDetail) => {
    const current = detail.value();
    if (current) detail.setValue(change(current));
  };

  /** A tool call the page learned of (the feed, or the API's answer to a decision) replaces its old self. */
  const upsertCall = (call: ToolCall) =>
    update((value) => {
      const known = value.toolCalls.some((c) => c.id === call.id);
      return {
        ...value,
        toolCalls: known
          ? value.toolCalls.map((c) => (c.id === call.id ? { ...c, ...call } : c))
          : [...value.toolCalls, call],
      };
    });

  const stream = createEventStream({
    url: () => conversationStreamUrl(id),
    onReconnect: () => void detail.reload(),
    events: {
      delta: (data) => setDraft((text) => text + (data as { text: string }).text),
      message: (data) => {
        const { message } = data as MessageEvent;
        batch(() => {
          if (message.role === 'assistant') setDraft('');
          update((value) =>
            value.messages.some((m) => m.id === message.id)
              ? value
              : { ...value, messages: [...value.messages, { toolCallId: null, ...message }] },
          );
        });
      },
      tool: (data) => upsertCall((data as { call: ToolCall }).call),
      state: (data) => {
        const { state, stopReason } = data as StateEvent;
        // The finished turn's tokens and cost are only in the stored conversation.
        if (state !== 'running') {
          setDraft('');
          void detail.reload();
        }
        update((value) => ({ ...value, conversation: { ...value.conversation, state, stopReason } }));
      },
    },
  });

  /** The person's own message shows at once; the feed's copy of it is then skipped by id. */
  const addMessage = (message: Message) =>
    update((value) => ({
      ...value,
      conversation: { ...value.conversation, state: 'running', stopReason: null },
      messages: value.messages.some((m) => m.id === message.id)
        ? value.messages
        : [...value.messages, message],
    }));

  return { detail, draft, stream: stream.state, upsertCall, addMessage };
}

export type LiveConversation = ReturnType<typeof createLiveConversation>;
