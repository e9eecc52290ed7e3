/**
 * An entity's details and history over the last hour, day or week: a line chart when the states
 * are numbers (a temperature), otherwise a timeline of its states with the times they changed.
 */
import type { EntityHistory, SmartHomeEntity } from '@homelab/db/smarthome';
import { createResource, createSignal, For, Match, Show, Switch } from 'solid-js';
import { formatDateTime, formatRelative } from '../../lib/format';
import { Dialog } from '../../ui/Dialog';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorState } from '../../ui/ErrorState';
import { LineChart } from '../../ui/LineChart';
import { Skeleton } from '../../ui/Skeleton';
import { messageOf } from '../docker/errors';
import { getHistory } from './api';
import { numericSeries, readableState, stateSpans, unitOf } from './entities';

const windows = [
  { hours: 1, label: 'Last hour' },
  { hours: 24, label: 'Last 24 hours' },
  { hours: 168, label: 'Last 7 days' },
] as const;

const spanColour = (state: string) =>
  state === 'on' || state === 'open' || state === 'playing' || state === 'unlocked'
    ? 'bg-warn-400'
    : state === 'unavailable' || state === 'unknown'
      ? 'bg-danger-400'
      : 'bg-space-400';

export function EntityDialog(props: { entity: SmartHomeEntity | null; onClose: () => void }) {
  const [hours, setHours] = createSignal<number>(24);
  const [history, { refetch }] = createResource(
    () => (props.entity ? { entityId: props.entity.entityId, hours: hours() } : null),
    ({ entityId, hours }): Promise<EntityHistory> => getHistory(entityId, hours),
  );
  const points = () => history.latest?.points ?? [];
  const numbers = () => numericSeries(points());
  const unit = () => (props.entity ? unitOf(props.entity) : '');

  return (
    <Dialog
      open={props.entity !== null}
      onClose={props.onClose}
      title={props.entity?.name ?? ''}
      description={
        props.entity
          ? `${props.entity.entityId} · ${readableState(props.entity)} · changed ${formatRelative(props.entity.lastChanged)}`
          : undefined
      }
      size="lg"
    >
      <fieldset class="flex flex-wrap gap-1">
        <legend class="sr-only">History window</legend>
        <For each={windows}>
          {(w) => (
            <button
              type="button"
              aria-pressed={hours() === w.hours}
              class={`rounded-control px-3 py-1.5 text-sm ${
                hours() === w.hours
                  ? 'bg-space-700 text-ink shadow-glow'
                  : 'text-ink-muted hover:bg-space-700 hover:text-ink'
              }`}
              onClick={() => setHours(w.hours)}
            >
              {w.label}
            </button>
          )}
        </For>
      </fieldset>
      <Switch>
        <Match when={history.error}>
          <ErrorState
            title="Could not load the history"
            message={messageOf(history.error, 'Home Assistant did not answer.')}
            onRetry={() => void refetch()}
            retrying={history.loading}
          />
        </Match>
        <Match when={history.loading && !history.latest}>
          <Skeleton lines={4} label="Loading the history…" />
        </Match>
        <Match when={points().length === 0}>
          <EmptyState title="No changes recorded in this window" icon="i-ph-clock-counter-clockwise">
            Home Assistant's recorder keeps the history; a wider window may show more.
          </EmptyState>
        </Match>
        <Match when={numbers()}>
          {(values) => (
            <LineChart
              label={`${props.entity?.name ?? ''} history`}
              series={[{ name: props.entity?.name ?? 'Value', values: values(), class: 'text-cyan-300' }]}
              format={(value) => `${Math.round(value * 10) / 10}${unit() ? ` ${unit()}` : ''}`}
            />
          )}
        </Match>
        <Match when={true}>
          <div class="flex flex-col gap-3">
            <div class="flex h-4 w-full overflow-hidden rounded-pill bg-space-800" aria-hidden="true">
              <For each={stateSpans(points())}>
                {(span) => <span class={spanColour(span.state)} style={{ width: `${span.share * 100}%` }} />}
              </For>
            </div>
            <ol class="flex max-h-64 flex-col gap-1 overflow-y-auto text-sm" aria-label="State changes">
              <For each={[...stateSpans(points())].reverse()}>
                {(span) => (
                  <li class="flex justify-between gap-3 border-b border-space-700 py-1">
                    <span class="flex items-center gap-2 text-ink">
                      <span
                        class={`inline-block h-2 w-2 rounded-full ${spanColour(span.state)}`}
                        aria-hidden="true"
                      />
                      {span.state}
                    </span>
                    <span class="text-ink-muted">from {formatDateTime(span.from)}</span>
                  </li>
                )}
              </For>
            </ol>
          </div>
        </Match>
      </Switch>
      <Show when={history.loading && history.latest}>
        <p class="text-xs text-ink-muted" role="status">
          Updating…
        </p>
      </Show>
    </Dialog>
  );
}
