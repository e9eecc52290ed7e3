/**
 * /studio: what needs the streamer's attention (notices: a token revoked, a message that could not
 * be sent, the YouTube quota), today's events per platform and how many channels are online.
 */
import { createMemo, createResource, createSignal, For, Show } from 'solid-js';
import { ApiError } from '../../api/client';
import { formatDateTime, formatRelative } from '../../lib/format';
import { pollMs, pollWhileVisible } from '../../lib/poll';
import { usePageTitle } from '../../lib/title';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { LoadState } from '../../ui/LoadState';
import { PageHeader } from '../../ui/PageHeader';
import { toast } from '../../ui/Toast';
import { listChannels, listEvents, listNotices, markNoticeRead } from './api';
import { useStudio } from './context';
import { connectionLook, platformLooks } from './labels';
import type { ChatPlatform, StreamNotice } from './types';

/** The events read to count today's; a busy day past it is shown as "at least". */
const countWindow = 200;

const startOfToday = () => {
  const d = new Date();
  d.setHours(0, 0, 0, 0);
  return d.getTime();
};

export default function OverviewPage() {
  usePageTitle('Stream studio');
  const studio = useStudio();
  const [notices, { refetch: reloadNotices, mutate: setNotices }] = createResource(listNotices);
  const [events, { refetch: reloadEvents }] = createResource(() => listEvents({ limit: countWindow }));
  const [channels, { refetch: reloadChannels }] = createResource(listChannels);
  pollWhileVisible(() => {
    void reloadNotices();
    void reloadEvents();
    void reloadChannels();
  }, pollMs);

  const unread = () => (notices.latest ?? []).filter((n) => !n.readAt);
  const today = createMemo(() => {
    const since = startOfToday();
    const counts: Record<ChatPlatform, number> = { twitch: 0, youtube: 0, kick: 0 };
    for (const e of events.latest ?? []) if (Date.parse(e.at) >= since) counts[e.platform] += 1;
    return counts;
  });
  const capped = () => (events.latest?.length ?? 0) >= countWindow;
  const allChannels = () => channels.latest ?? studio.me().channels;
  const online = () => allChannels().filter((c) => connectionLook(c.connection?.state).online).length;

  const [marking, setMarking] = createSignal<StreamNotice['id'] | null>(null);
  const markRead = async (notice: StreamNotice) => {
    setMarking(notice.id);
    try {
      await markNoticeRead(notice.id);
      setNotices((list) =>
        list?.map((n) => (n.id === notice.id ? { ...n, readAt: new Date().toISOString() } : n)),
      );
    } catch (error) {
      toast(error instanceof ApiError ? error.message : 'Could not mark the notice as read.', 'danger');
    } finally {
      setMarking(null);
    }
  };

  return (
    <>
      <PageHeader
        title={`Hi, ${studio.me().tenant.displayName}`}
        description="What needs your attention, and how your chats are doing today."
      />
      <Card title="Notices" icon="i-ph-bell">
        <LoadState
          load={{
            value: unread,
            error: () => notices.error,
            loading: () => notices.loading,
            reload: reloadNotices,
          }}
          what="notices"
          empty={{ title: 'Nothing needs your attention', icon: 'i-ph-check-circle' }}
          lines={2}
        >
          {(list) => (
            <ul class="flex flex-col divide-y divide-space-600/60">
              <For each={list}>
                {(notice) => (
                  <li class="flex flex-wrap items-start justify-between gap-3 py-3">
                    <div class="flex flex-col gap-0.5">
                      <p class="text-sm text-ink">{notice.message}</p>
                      <time
                        class="text-xs text-ink-muted"
                        datetime={notice.createdAt}
                        title={formatDateTime(notice.createdAt)}
                      >
                        {formatRelative(notice.createdAt)}
                      </time>
                    </div>
                    <Button
                      size="sm"
                      variant="ghost"
                      icon="i-ph-check"
                      busy={marking() === notice.id}
                      aria-label={`Mark read: ${notice.message}`}
                      onClick={() => void markRead(notice)}
                    >
                      Mark read
                    </Button>
                  </li>
                )}
              </For>
            </ul>
          )}
        </LoadState>
      </Card>
      <div class="grid gap-4 md:grid-cols-2">
        <Card title="Events today" icon="i-ph-chart-bar">
          <LoadState
            load={{
              value: () => events.latest,
              error: () => events.error,
              loading: () => events.loading,
              reload: reloadEvents,
            }}
            what="events"
            lines={3}
          >
            {() => (
              <dl class="grid grid-cols-3 gap-3">
                <For each={Object.keys(platformLooks) as ChatPlatform[]}>
                  {(platform) => (
                    <div class="flex flex-col gap-1 rounded-control border border-space-600/60 p-3">
                      <dt class="flex items-center gap-2 text-sm text-ink-muted">
                        <span class={platformLooks[platform].icon} aria-hidden="true" />
                        {platformLooks[platform].name}
                      </dt>
                      <dd class="text-2xl font-semibold text-ink">
                        {capped() ? 'at least ' : ''}
                        {today()[platform]}
                      </dd>
                    </div>
                  )}
                </For>
              </dl>
            )}
          </LoadState>
        </Card>
        <Card title="Channels online" icon="i-ph-plugs-connected">
          <Show
            when={allChannels().length > 0}
            fallback={
              <p class="text-sm text-ink-muted">No channels linked yet; link one under Connections.</p>
            }
          >
            <p class="text-2xl font-semibold text-ink">
              {online()}{' '}
              <span class="text-base font-normal text-ink-muted">
                of {allChannels().length} chats connected
              </span>
            </p>
            <Show when={channels.error}>
              <p class="text-sm text-warn-300">
                The chat runner did not answer; the count may be out of date.
              </p>
            </Show>
          </Show>
        </Card>
      </div>
    </>
  );
}
