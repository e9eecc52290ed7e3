/** Google on the mission-control home: whether the account is linked, the next three events and the unread count. */
import { A } from '@solidjs/router';
import { createResource, For, Match, Show, Switch } from 'solid-js';
import { pollWhileVisible } from '../../lib/poll';
import { Badge } from '../../ui/Badge';
import { Card } from '../../ui/Card';
import { CardLink } from '../../ui/CardLink';
import { EmptyState } from '../../ui/EmptyState';
import { GlanceState } from '../../ui/GlanceState';
import { StatTile } from '../../ui/StatTile';
import { getGmailSummary, getGoogleStatus, listCalendarEvents } from './api';
import { dayLabel, listedDay, startOf, timeRange } from './calendar';
import { connectionLabel, googleProblemOf } from './problems';
import type { CalendarEvent, GmailSummary, GoogleStatus } from './types';

/** Every Google call costs quota, so the home card refreshes far less often than live metrics. */
const refreshMs = 120_000;

interface Glance {
  status: GoogleStatus;
  events: CalendarEvent[] | { problem: string };
  gmail: GmailSummary | { problem: string };
}

// Each part fails on its own: a rate-limited Gmail still shows the events.
const part = <T,>(load: Promise<T>) =>
  load.catch((error: unknown) => ({ problem: googleProblemOf(error).title }) as { problem: string });

async function loadGlance(): Promise<Glance | { error: string }> {
  try {
    const status = await getGoogleStatus();
    if (status.state !== 'connected' && status.state !== 'error')
      return { status, events: [], gmail: { unread: 0, messages: [] } };
    const [events, gmail] = await Promise.all([part(listCalendarEvents(7)), part(getGmailSummary())]);
    return { status, events, gmail };
  } catch (error) {
    return { error: googleProblemOf(error).message };
  }
}

export function GoogleCard(props: { class?: string }) {
  const [glance, { refetch }] = createResource(loadGlance);
  pollWhileVisible(() => refetch(), refreshMs);
  const loaded = () => {
    const value = glance.latest;
    return value && 'status' in value ? value : null;
  };
  const label = () => (loaded() ? connectionLabel(loaded()!.status) : null);
  const next = () => {
    const events = loaded()?.events;
    return Array.isArray(events)
      ? [...events].sort((a, b) => startOf(a).getTime() - startOf(b).getTime()).slice(0, 3)
      : [];
  };

  return (
    <Card
      class={props.class}
      title="Google"
      icon="i-ph-google-logo"
      actions={
        <>
          <Show when={label()}>{(l) => <Badge tone={l().tone}>{l().text}</Badge>}</Show>
          <CardLink href="/google">Open Google</CardLink>
        </>
      }
    >
      <GlanceState
        value={loaded()}
        error={glance.latest && 'error' in glance.latest ? glance.latest.error : null}
        errorTitle="Google status is unavailable"
        onRetry={() => void refetch()}
        retrying={glance.loading}
        loadingLabel="Loading Google…"
        lines={3}
      >
        {(current) => (
          <Switch>
            <Match when={current().status.state === 'not_configured'}>
              <EmptyState title="Google is not set up" icon="i-ph-gear-six">
                Set GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET and ENCRYPTION_KEY, then connect an account on the
                Google page.
              </EmptyState>
            </Match>
            <Match when={current().status.state === 'not_connected'}>
              <EmptyState title="No Google account connected" icon="i-ph-plugs">
                <A href="/google" class="text-violet-200 underline underline-offset-2">
                  Connect Google
                </A>{' '}
                to see your next events and unread mail here.
              </EmptyState>
            </Match>
            <Match when={current().status.state === 'revoked'}>
              <EmptyState title="Google access was revoked" icon="i-ph-warning">
                <A href="/google" class="text-violet-200 underline underline-offset-2">
                  Reconnect Google
                </A>{' '}
                to bring back Calendar, Gmail and Drive.
              </EmptyState>
            </Match>
            <Match when={true}>
              <div class="flex flex-col gap-3">
                <p class="text-sm text-ink-muted">{current().status.email}</p>
                <dl class="grid grid-cols-2 gap-2">
                  <StatTile
                    label="Unread mail"
                    value={'unread' in current().gmail ? (current().gmail as GmailSummary).unread : '—'}
                  />
                  <StatTile
                    label="Events this week"
                    value={
                      Array.isArray(current().events) ? (current().events as CalendarEvent[]).length : '—'
                    }
                  />
                </dl>
                <Show
                  when={Array.isArray(current().events)}
                  fallback={
                    <p class="text-sm text-warn-300">{(current().events as { problem: string }).problem}</p>
                  }
                >
                  <ul class="flex flex-col gap-1.5" aria-label="Next events">
                    <For
                      each={next()}
                      fallback={<li class="text-sm text-ink-muted">Nothing in the next 7 days.</li>}
                    >
                      {(event) => (
                        <li class="flex items-baseline gap-2 text-sm">
                          <span class="w-28 shrink-0 text-xs text-ink-muted">
                            {dayLabel(listedDay(event))}
                            {event.allDay ? '' : `, ${timeRange(event).split(' – ')[0]}`}
                          </span>
                          <span class="truncate text-ink">{event.title || '(no title)'}</span>
                        </li>
                      )}
                    </For>
                  </ul>
                </Show>
                <Show when={'problem' in current().gmail}>
                  <p class="text-sm text-warn-300">
                    Gmail: {(current().gmail as { problem: string }).problem}
                  </p>
                </Show>
              </div>
            </Match>
          </Switch>
        )}
      </GlanceState>
    </Card>
  );
}
