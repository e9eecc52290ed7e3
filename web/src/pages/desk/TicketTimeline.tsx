/** What happened to a ticket, oldest first; staff notes stand out and say they are staff-only. */
import { For, Show } from 'solid-js';
import { formatDateTime, formatRelative } from '../../lib/format';
import { EmptyState } from '../../ui/EmptyState';
import { eventLabels } from './labels';
import type { TicketEventView } from './types';

export function TicketTimeline(props: { events: readonly TicketEventView[] }) {
  return (
    <Show
      when={props.events.length > 0}
      fallback={<EmptyState title="Nothing has happened yet" icon="i-ph-clock" />}
    >
      <ol class="flex flex-col gap-3" aria-label="Ticket events, oldest first">
        <For each={props.events}>
          {(event) => {
            const note = event.kind === 'note';
            return (
              <li
                class={`flex flex-col gap-1 rounded-control border px-3 py-2 ${
                  note ? 'border-warn-400/50 bg-warn-500/10' : 'border-space-600/60 bg-space-900/40'
                }`}
              >
                <p class="flex flex-wrap items-center gap-x-2 text-sm">
                  <span class="font-medium text-ink">{event.actorName ?? 'Someone'}</span>
                  <span class="text-ink-muted">{eventLabels[event.kind] ?? event.kind}</span>
                  <Show when={note}>
                    <span class="badge-warn">
                      <span class="i-ph-lock-simple" aria-hidden="true" />
                      Staff only
                    </span>
                  </Show>
                  <time
                    class="ml-auto text-xs text-ink-muted"
                    datetime={event.createdAt}
                    title={formatDateTime(event.createdAt)}
                  >
                    {formatRelative(event.createdAt)}
                  </time>
                </p>
                <Show when={event.body}>
                  <p class="whitespace-pre-wrap text-sm text-ink">{event.body}</p>
                </Show>
              </li>
            );
          }}
        </For>
      </ol>
    </Show>
  );
}
