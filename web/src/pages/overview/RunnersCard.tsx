/** Background runners and the job queue, from the same health poll that drives the outage banner. */
import { For, Match, Show, Switch } from 'solid-js';
import type { RunnerStatus } from '../../api/types';
import { useHealth } from '../../health/health';
import { formatRelative } from '../../lib/format';
import { Badge, type Tone } from '../../ui/Badge';
import { Card } from '../../ui/Card';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorState } from '../../ui/ErrorState';
import { Skeleton } from '../../ui/Skeleton';

const stateTone: Record<RunnerStatus['state'], Tone> = {
  running: 'ok',
  starting: 'info',
  crashed: 'danger',
  stopped: 'neutral',
  disabled: 'neutral',
};

function Stat(props: { label: string; value: string | number; tone?: 'danger' | 'warn' }) {
  const colour = () =>
    props.tone === 'danger' ? 'text-danger-300' : props.tone === 'warn' ? 'text-warn-300' : 'text-ink';
  return (
    <div class="flex flex-col rounded-control bg-space-800/60 px-3 py-2">
      <dt class="text-xs text-ink-muted">{props.label}</dt>
      <dd class={`text-lg font-semibold tabular-nums ${colour()}`}>{props.value}</dd>
    </div>
  );
}

export function RunnersCard(props: { class?: string }) {
  const { health, unreachable, checking, refresh } = useHealth();
  const runners = () => health()?.runners.runners ?? [];
  const up = () => runners().filter((r) => r.state === 'running').length;
  const queue = () => health()?.runners.queue;

  return (
    <Card
      class={props.class}
      title="Runners & queue"
      icon="i-ph-robot"
      actions={
        <Show when={health()}>
          <Badge tone={up() === runners().length && runners().length > 0 ? 'ok' : 'warn'}>
            {up()} of {runners().length} up
          </Badge>
        </Show>
      }
    >
      <Switch>
        <Match when={unreachable() && !health()}>
          <ErrorState
            title="Health is unavailable"
            message="The server did not answer the health check."
            onRetry={() => void refresh()}
            retrying={checking()}
          />
        </Match>
        <Match when={!health()}>
          <Skeleton lines={4} label="Loading runner health…" />
        </Match>
        <Match when={health()}>
          <div class="grid items-start gap-4 lg:grid-cols-[3fr_2fr]">
            <div class="flex flex-col gap-2">
              <Show when={health()?.runners.ok === false}>
                <p class="text-sm text-warn-300">{health()?.runners.error ?? 'Runners are not answering.'}</p>
              </Show>
              <Show
                when={runners().length > 0}
                fallback={
                  <EmptyState title="No runners registered yet" icon="i-ph-robot">
                    Runners register themselves when they start.
                  </EmptyState>
                }
              >
                <ul class="flex flex-col divide-y divide-space-600/60">
                  <For each={runners()}>
                    {(runner) => (
                      <li class="flex flex-wrap items-center justify-between gap-x-4 gap-y-1 py-2 text-sm">
                        <span class="font-medium text-ink">{runner.name}</span>
                        <span class="flex flex-wrap items-center gap-3 text-ink-muted">
                          <span>
                            {runner.restarts} {runner.restarts === 1 ? 'restart' : 'restarts'}
                          </span>
                          <span>heartbeat {formatRelative(runner.heartbeatAt)}</span>
                          <Badge tone={stateTone[runner.state]}>{runner.state}</Badge>
                        </span>
                        <Show when={runner.lastError && runner.state !== 'running'}>
                          <p class="w-full truncate text-xs text-danger-300" title={runner.lastError ?? ''}>
                            {runner.lastError}
                          </p>
                        </Show>
                      </li>
                    )}
                  </For>
                </ul>
              </Show>
            </div>
            <Show when={queue()}>
              {(q) => (
                <dl class="grid grid-cols-2 gap-3" aria-label="Job queue">
                  <Stat label="Queued" value={q().depth} />
                  <Stat label="Running" value={q().running} />
                  <Stat
                    label="Oldest waiting"
                    value={q().oldestQueuedAt ? formatRelative(q().oldestQueuedAt) : '—'}
                  />
                  <Stat
                    label="Failed (24 h)"
                    value={q().failed24h}
                    tone={q().failed24h > 0 ? 'danger' : undefined}
                  />
                </dl>
              )}
            </Show>
          </div>
        </Match>
      </Switch>
    </Card>
  );
}
