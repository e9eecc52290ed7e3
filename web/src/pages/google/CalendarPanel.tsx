/** Upcoming events across the account's calendars, grouped by day, for the next 7, 14 or 30 days; and "New event". */
import { createSignal, For, Show } from 'solid-js';
import { plural } from '../../lib/format';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { ChoiceButtons } from '../../ui/ChoiceButtons';
import { listCalendarEvents } from './api';
import { groupByDay, timeRange } from './calendar';
import { EventDialog } from './EventDialog';
import { createLatestLoad } from './latest-load';
import { SectionState } from './SectionState';

const ranges = [7, 14, 30] as const;

export function CalendarPanel(props: { onAccountLost: () => void }) {
  const [days, setDays] = createSignal<number>(7);
  const events = createLatestLoad(() => listCalendarEvents(days()));
  const [creating, setCreating] = createSignal(false);
  const choose = (value: number) => {
    setDays(value);
    void events.reload();
  };

  return (
    <Card
      title="Calendar"
      icon="i-ph-calendar-dots"
      actions={
        <>
          <ChoiceButtons
            legend="How far ahead"
            choices={ranges.map((value) => ({ id: value, label: `${value} days` }))}
            selected={days()}
            onSelect={choose}
          />
          <Button size="sm" variant="primary" icon="i-ph-plus" onClick={() => setCreating(true)}>
            New event
          </Button>
        </>
      }
    >
      <SectionState
        load={events}
        what="events"
        onAccountLost={props.onAccountLost}
        empty={{
          title: `Nothing in the next ${days()} days`,
          icon: 'i-ph-calendar-blank',
          body: 'Events from every calendar of the account show here.',
        }}
      >
        {(list) => (
          <div class="flex flex-col gap-4">
            <p class="text-xs text-ink-muted">
              {plural(list.length, 'event')} in the next {days()} days
            </p>
            <For each={groupByDay(list)}>
              {(day) => (
                <section aria-label={day.label} class="flex flex-col gap-2">
                  <h3 class="text-xs font-semibold uppercase tracking-wide text-violet-200">{day.label}</h3>
                  <ul class="flex flex-col gap-1.5">
                    <For each={day.events}>
                      {(event) => (
                        <li class="flex items-start gap-3 rounded-control bg-space-800/50 px-3 py-2">
                          <span class="w-28 shrink-0 text-xs tabular-nums text-ink-muted">
                            {timeRange(event)}
                          </span>
                          <div class="min-w-0 flex-1">
                            <p class="truncate text-sm font-medium text-ink">
                              <Show when={event.htmlLink} fallback={event.title || '(no title)'}>
                                {(link) => (
                                  <a
                                    href={link()}
                                    target="_blank"
                                    rel="noopener noreferrer"
                                    class="hover:underline"
                                  >
                                    {event.title || '(no title)'}
                                    <span class="sr-only"> (opens in Google Calendar)</span>
                                  </a>
                                )}
                              </Show>
                            </p>
                            <p class="truncate text-xs text-ink-muted">
                              {event.calendarName}
                              <Show when={event.location}> · {event.location}</Show>
                            </p>
                          </div>
                        </li>
                      )}
                    </For>
                  </ul>
                </section>
              )}
            </For>
          </div>
        )}
      </SectionState>
      <Show when={creating()}>
        <EventDialog onClose={() => setCreating(false)} onSaved={() => void events.reload()} />
      </Show>
    </Card>
  );
}
