/** The audit log: who did what, from where, and whether it worked; newest first, fifty at a time. */
import { createEffect, createSignal, on, Show } from 'solid-js';
import { ApiError, api, unwrap } from '../../api/client';
import type { AuditEntry } from '../../api/types';
import { formatDateTime } from '../../lib/format';
import { Badge, type Tone } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { DataTable } from '../../ui/DataTable';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorState } from '../../ui/ErrorState';
import { Skeleton } from '../../ui/Skeleton';
import { settingsVersion } from './changes';

const pageSize = 50;

const outcomeTone = (outcome: string): Tone =>
  outcome === 'success' || outcome === 'ok' ? 'ok' : outcome === 'denied' ? 'warn' : 'danger';

export function AuditSection() {
  const [entries, setEntries] = createSignal<AuditEntry[]>([]);
  const [nextBefore, setNextBefore] = createSignal<number | null>(null);
  const [loaded, setLoaded] = createSignal(false);
  const [loading, setLoading] = createSignal(false);
  const [error, setError] = createSignal<ApiError | null>(null);

  const load = async (before?: number) => {
    setLoading(true);
    setError(null);
    try {
      const page = await unwrap(
        api.api.audit.$get({
          query: { limit: String(pageSize), ...(before === undefined ? {} : { before: String(before) }) },
        }),
      );
      setEntries((list) => (before === undefined ? page.entries : [...list, ...page.entries]));
      setNextBefore(page.nextBefore);
      setLoaded(true);
    } catch (caught) {
      setError(
        caught instanceof ApiError ? caught : new ApiError(0, 'unknown', 'Could not load the audit log.'),
      );
    } finally {
      setLoading(false);
    }
  };
  // Loads on mount, and again from the top after a change elsewhere on the page writes new rows.
  createEffect(on(settingsVersion, () => void load()));

  return (
    <Card
      id="audit"
      title="Audit log"
      icon="i-ph-scroll"
      actions={
        <Button
          size="sm"
          icon="i-ph-arrow-clockwise"
          busy={loading() && loaded()}
          onClick={() => void load()}
        >
          Refresh
        </Button>
      }
    >
      <Show when={loaded() || error()} fallback={<Skeleton lines={5} label="Loading the audit log…" />}>
        <Show
          when={entries().length > 0}
          fallback={
            <Show when={!error()}>
              <EmptyState title="Nothing recorded yet" icon="i-ph-scroll" />
            </Show>
          }
        >
          <DataTable
            minWidth="min-w-[48rem]"
            caption="Audit log, newest first"
            columns={[
              { label: 'When' },
              { label: 'Who' },
              { label: 'Action' },
              { label: 'Target' },
              { label: 'From' },
              { label: 'Outcome' },
            ]}
            items={entries()}
          >
            {(entry) => (
              <tr>
                <td class="whitespace-nowrap py-2 pr-4 text-ink-muted">{formatDateTime(entry.at)}</td>
                <td class="py-2 pr-4">
                  <span class="text-ink">{entry.actorLabel ?? '—'}</span>{' '}
                  <span class="text-xs text-ink-muted">({entry.actorKind})</span>
                </td>
                <td class="py-2 pr-4 font-mono text-xs text-ink">{entry.action}</td>
                <td class="max-w-48 truncate py-2 pr-4 text-ink-muted" title={entry.target ?? ''}>
                  {entry.target ?? '—'}
                </td>
                <td class="py-2 pr-4 text-ink-muted">{entry.ip ?? '—'}</td>
                <td class="whitespace-nowrap py-2">
                  <Badge tone={outcomeTone(entry.outcome)}>
                    {entry.outcome}
                    <Show when={entry.status}> · {entry.status}</Show>
                  </Badge>
                </td>
              </tr>
            )}
          </DataTable>
        </Show>
        <Show when={error()}>
          {(e) => (
            <ErrorState
              title="Could not load the audit log"
              message={e().message}
              onRetry={() => void load(entries().length ? (nextBefore() ?? undefined) : undefined)}
              retrying={loading()}
            />
          )}
        </Show>
        <Show when={nextBefore() !== null && !error()}>
          <div class="flex justify-center">
            <Button icon="i-ph-caret-double-down" busy={loading()} onClick={() => void load(nextBefore()!)}>
              Load more
            </Button>
          </div>
        </Show>
      </Show>
    </Card>
  );
}
