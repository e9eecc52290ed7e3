/** One line of the chat feed: the platform's icon, the kind, who, and what they said or did. */
import { Show } from 'solid-js';
import { kindLabels, platformLooks } from './labels';
import type { ChatEvent } from './types';

const time = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });

/** The facts a non-message event carries, in a few words ("12 viewers", "500 bits"). */
function summary(event: ChatEvent): string | null {
  const d = event.detail;
  switch (event.kind) {
    case 'raid':
      return typeof d.viewers === 'number' ? `${d.viewers} viewers` : null;
    case 'cheer':
      return typeof d.bits === 'number' ? `${d.bits} bits` : null;
    case 'gift':
      return typeof d.count === 'number' ? `${d.count} subs` : null;
    case 'sub':
      return typeof d.months === 'number' ? `${d.months} months` : null;
    case 'redemption':
      return typeof d.reward === 'string' ? d.reward : null;
    case 'stream_online':
      return typeof d.title === 'string' ? d.title : null;
    default:
      return null;
  }
}

export function EventRow(props: { event: ChatEvent }) {
  const look = () => platformLooks[props.event.platform];
  const isChat = () => props.event.kind === 'message' || props.event.kind === 'command';
  return (
    <li class="flex items-baseline gap-2 px-3 py-1.5 text-sm">
      <time class="shrink-0 text-xs text-ink-muted" datetime={props.event.at}>
        {time.format(new Date(props.event.at))}
      </time>
      <span
        class={`${look().icon} shrink-0 self-center text-ink-muted`}
        role="img"
        aria-label={look().name}
      />
      <Show when={!isChat() || props.event.kind === 'command'}>
        <span class="badge-info shrink-0">{kindLabels[props.event.kind]}</span>
      </Show>
      <span class="min-w-0 break-words text-ink">
        <Show when={props.event.userName}>
          <span class="font-semibold">{props.event.userName}</span>
          {isChat() ? ': ' : ' '}
        </Show>
        <span>{props.event.text ?? summary(props.event) ?? ''}</span>
      </span>
    </li>
  );
}
