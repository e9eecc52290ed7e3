/** Says whether a live stream is flowing, in words and colour; announced politely when it changes. */
import type { StreamState } from '../lib/sse';
import { Badge } from './Badge';

const looks = {
  live: { tone: 'ok', icon: 'i-ph-broadcast', text: 'Live' },
  reconnecting: { tone: 'warn', icon: 'i-ph-arrows-clockwise', text: 'Reconnecting…' },
  connecting: { tone: 'info', icon: 'i-ph-plug', text: 'Connecting…' },
  closed: { tone: 'neutral', icon: 'i-ph-pause', text: 'Paused' },
} as const;

export function LiveBadge(props: { state: StreamState; what: string }) {
  const look = () => looks[props.state];
  return (
    <div role="status" aria-live="polite">
      <Badge tone={look().tone} icon={look().icon}>
        <span class="sr-only">{props.what}: </span>
        {look().text}
      </Badge>
    </div>
  );
}
