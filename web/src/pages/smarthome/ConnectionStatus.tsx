/**
 * Where the link to Home Assistant stands: a badge in words and colour, the reconnect attempt,
 * next retry and queued commands while it is offline, and how to connect it when it is not set up.
 */
import type { SmartHomeState, SmartHomeStatus } from '@homelab/db/smarthome';
import { Show } from 'solid-js';
import { createNow } from '../../lib/clock';
import { formatRelative, plural } from '../../lib/format';
import { Badge, type Tone } from '../../ui/Badge';
import { Banner } from '../../ui/Banner';
import { EmptyState } from '../../ui/EmptyState';

const looks: Record<SmartHomeState, { tone: Tone; icon: string; text: string }> = {
  connected: { tone: 'ok', icon: 'i-ph-plugs-connected', text: 'Connected' },
  connecting: { tone: 'info', icon: 'i-ph-plug', text: 'Connecting…' },
  offline: { tone: 'danger', icon: 'i-ph-plugs', text: 'Offline' },
  not_configured: { tone: 'neutral', icon: 'i-ph-plug', text: 'Not connected' },
};

export function ConnectionBadge(props: { state: SmartHomeState }) {
  const look = () => looks[props.state];
  return (
    <div role="status" aria-live="polite">
      <Badge tone={look().tone} icon={look().icon}>
        <span class="sr-only">Home Assistant: </span>
        {look().text}
      </Badge>
    </div>
  );
}

/** "Next try in 12 s", or nothing when no retry is planned. */
export function nextRetryText(status: SmartHomeStatus, now = Date.now()): string | null {
  if (!status.nextRetryAt) return null;
  const seconds = Math.round((Date.parse(status.nextRetryAt) - now) / 1000);
  return seconds > 0 ? `next try in ${seconds} s` : 'trying now';
}

export function OfflineBanner(props: { status: SmartHomeStatus }) {
  const now = createNow();
  const retry = () => nextRetryText(props.status, now());
  const attempt = () =>
    [
      props.status.reconnectAttempts > 0
        ? `Reconnect attempt ${props.status.reconnectAttempts}`
        : 'Reconnecting',
      retry(),
    ]
      .filter(Boolean)
      .join(', ');
  return (
    <Banner tone="danger" title="Home Assistant offline">
      <p>
        {props.status.lastError ?? 'Home Assistant stopped answering.'} {attempt()}.
        <Show when={props.status.lastPingAt}> Last answer {formatRelative(props.status.lastPingAt)}.</Show>
      </p>
      <p>
        <Show
          when={props.status.queued > 0}
          fallback="Changes you make now are queued and applied, in order, once it is back."
        >
          {plural(props.status.queued, 'command')} queued; they apply, in order, once it is back.
        </Show>
      </p>
    </Banner>
  );
}

/** Shown instead of rooms until HOME_ASSISTANT_URL and HOME_ASSISTANT_TOKEN are set. */
export function NotConfigured(props: { compact?: boolean }) {
  return (
    <EmptyState title="Home Assistant is not connected" icon="i-ph-house-line">
      <p>
        Set <code class="text-violet-200">HOME_ASSISTANT_URL</code> (e.g. https://home.example.net) and{' '}
        <code class="text-violet-200">HOME_ASSISTANT_TOKEN</code> for the runners, then restart them.
      </p>
      <Show when={!props.compact}>
        <p class="mt-2">
          The token is a long-lived access token: in Home Assistant open your Profile, then Security, and
          under "Long-lived access tokens" choose Create token. It is shown once; paste it into the variable.
          Google Home devices appear here too once Home Assistant knows them.
        </p>
      </Show>
    </EmptyState>
  );
}
