/**
 * /studio/chat: the tenant's chat and alerts from every platform in one feed (history first, then
 * live over SSE), filters by platform and kind, and a send box per channel.
 */
import { createMemo, createResource, createSignal, For, Match, onCleanup, Show, Switch } from 'solid-js';
import { ApiError } from '../../api/client';
import { createEventStream } from '../../lib/sse';
import { usePageTitle } from '../../lib/title';
import { createAnnouncer } from '../../ui/Announcer';
import { Banner } from '../../ui/Banner';
import { Card } from '../../ui/Card';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorState } from '../../ui/ErrorState';
import { SelectField } from '../../ui/Field';
import { LiveBadge } from '../../ui/LiveBadge';
import { PageHeader } from '../../ui/PageHeader';
import { Skeleton } from '../../ui/Skeleton';
import { listEvents, liveEventsUrl } from './api';
import { type FeedFilter, matchesFilter, mergeEvents } from './chat-feed';
import { useStudio } from './context';
import { EventRow } from './EventRow';
import { kindLabels, platformLooks } from './labels';
import { SendBox } from './SendBox';
import type { ChatEvent, ChatEventKind, ChatPlatform } from './types';

const historySize = 200;
/** New events are announced as a count at most this often: reading every message would drown a screen reader. */
const announceEveryMs = 10_000;

const isChatEvent = (value: unknown): value is ChatEvent =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as ChatEvent).kind === 'string' &&
  typeof (value as ChatEvent).platform === 'string' &&
  typeof (value as ChatEvent).at === 'string';

export default function ChatPage() {
  usePageTitle('Chat · Stream studio');
  const studio = useStudio();
  const [feed, setFeed] = createSignal<ChatEvent[]>([]);
  const [history, { refetch }] = createResource(async () => {
    const events = await listEvents({ limit: historySize });
    setFeed((current) => mergeEvents(current, events));
    return events;
  });
  const [filter, setFilter] = createSignal<FeedFilter>({ platform: 'all', kind: 'all' });
  const shown = createMemo(() => feed().filter((e) => matchesFilter(e, filter())));

  const announcer = createAnnouncer();
  let unannounced = 0;
  let announceTimer: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => clearTimeout(announceTimer));
  const countForAnnouncement = () => {
    unannounced += 1;
    if (announceTimer) return;
    announceTimer = setTimeout(() => {
      announcer.announce(unannounced === 1 ? '1 new chat event' : `${unannounced} new chat events`);
      unannounced = 0;
      announceTimer = undefined;
    }, announceEveryMs);
  };

  let list: HTMLOListElement | undefined;
  const receive = (data: unknown) => {
    if (!isChatEvent(data)) return;
    // Follow the newest line only when the reader is already at the bottom, not while scrolled back.
    const atBottom = !list || list.scrollHeight - list.scrollTop - list.clientHeight < 40;
    setFeed((current) => mergeEvents(current, [data]));
    countForAnnouncement();
    if (atBottom) queueMicrotask(() => list?.scrollTo?.({ top: list.scrollHeight }));
  };
  const live = createEventStream({
    url: () => liveEventsUrl,
    // The runner names its events `chat`; an unnamed event is the same shape.
    events: { chat: receive, message: receive },
    // Nothing is replayed after a dropped connection: read what was missed.
    onReconnect: () => void refetch(),
  });

  const channels = () => studio.me().channels;
  const platformOptions = [
    { value: 'all', label: 'All platforms' },
    ...(Object.keys(platformLooks) as ChatPlatform[]).map((p) => ({
      value: p,
      label: platformLooks[p].name,
    })),
  ];
  const kindOptions = [
    { value: 'all', label: 'All kinds' },
    ...(Object.keys(kindLabels) as ChatEventKind[]).map((k) => ({ value: k, label: kindLabels[k] })),
  ];

  return (
    <>
      <PageHeader
        title="Chat"
        description="Messages and alerts from every platform, as they happen."
        actions={<LiveBadge state={live.state()} what="Live chat" />}
      />
      <announcer.Region />
      <div class="grid gap-4 lg:grid-cols-[2fr_1fr]">
        <Card title="Events" icon="i-ph-chats-circle">
          <div class="flex flex-wrap gap-3">
            <SelectField
              label="Platform"
              value={filter().platform}
              options={platformOptions}
              onChange={(value) => setFilter((f) => ({ ...f, platform: value as FeedFilter['platform'] }))}
            />
            <SelectField
              label="Kind"
              value={filter().kind}
              options={kindOptions}
              onChange={(value) => setFilter((f) => ({ ...f, kind: value as FeedFilter['kind'] }))}
            />
          </div>
          {/* Not LoadState: it would rebuild the list on every event, losing scroll and focus. */}
          <Switch>
            <Match when={history.error && feed().length === 0}>
              <ErrorState
                title="Could not load the chat history"
                message={
                  history.error instanceof ApiError ? history.error.message : 'The server did not answer.'
                }
                onRetry={() => void refetch()}
                retrying={history.loading}
              />
            </Match>
            <Match when={history.loading && feed().length === 0}>
              <Skeleton lines={6} label="Loading chat history…" />
            </Match>
            <Match when={true}>
              <Show when={history.error}>
                <Banner tone="warn" title="Could not refresh the chat history">
                  Events that arrived while the connection was down may be missing.
                </Banner>
              </Show>
              <Show
                when={shown().length > 0}
                fallback={
                  <EmptyState
                    title={feed().length > 0 ? 'Nothing matches these filters' : 'No chat yet'}
                    icon="i-ph-chat-dots"
                  >
                    {feed().length > 0
                      ? 'Choose another platform or kind to see more.'
                      : 'Messages, follows, subs and raids show up here as soon as they happen.'}
                  </EmptyState>
                }
              >
                {/* Not a live region (see the announcer). */}
                <ol
                  ref={list}
                  // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be focusable to scroll it by keyboard
                  tabIndex={0}
                  aria-label="Chat events, oldest first"
                  class="max-h-[32rem] divide-y divide-space-600/40 overflow-y-auto rounded-control border border-space-600/60 focus-visible:outline-2 focus-visible:outline-violet-400"
                >
                  <For each={shown()}>{(event) => <EventRow event={event} />}</For>
                </ol>
              </Show>
            </Match>
          </Switch>
        </Card>
        <Card title="Send as the bot" icon="i-ph-paper-plane-tilt">
          <Show
            when={channels().length > 0}
            fallback={
              <EmptyState title="No channels yet" icon="i-ph-plugs">
                Link Twitch, YouTube or Kick under Connections to chat from here.
              </EmptyState>
            }
          >
            <div class="flex flex-col gap-4">
              <For each={channels()}>{(channel) => <SendBox channel={channel} />}</For>
            </div>
          </Show>
        </Card>
      </div>
    </>
  );
}
