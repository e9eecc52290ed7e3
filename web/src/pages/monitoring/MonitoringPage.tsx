/**
 * /monitoring, the health overview: domains first, then every monitor grouped by domain or tag,
 * live from the monitoring event stream, with a filter box and bulk pause/resume.
 */
import { A, useSearchParams } from '@solidjs/router';
import { createMemo, createSignal, Show } from 'solid-js';
import { ApiError } from '../../api/client';
import { createNow } from '../../lib/clock';
import { plural } from '../../lib/format';
import { createSelection } from '../../lib/selection';
import { usePageTitle } from '../../lib/title';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { Field, SelectField } from '../../ui/Field';
import { LiveBadge } from '../../ui/LiveBadge';
import { LoadState } from '../../ui/LoadState';
import { toast } from '../../ui/Toast';
import { listDomains, pauseMonitor, resumeMonitor } from './api';
import { DomainsPanel } from './DomainsPanel';
import { createLoaded } from './load';
import { MonitoringHeader } from './MonitoringHeader';
import { MonitorTable } from './MonitorTable';
import { type GroupBy, groupMonitors, matchesFilter } from './monitors';
import { createMonitorsFeed } from './monitors-feed';

const groupOptions = [
  { value: 'domain', label: 'Domain' },
  { value: 'tag', label: 'Tag' },
] as const;

export default function MonitoringPage() {
  usePageTitle('Monitoring');
  const [params, setParams] = useSearchParams<{ filter?: string; group?: string }>();
  const feed = createMonitorsFeed();
  const domains = createLoaded(listDomains);
  const now = createNow(1000);
  const filter = () => params.filter ?? '';
  const groupBy = (): GroupBy => (params.group === 'tag' ? 'tag' : 'domain');

  const shown = createMemo(() => (feed.monitors() ?? []).filter((m) => matchesFilter(m, filter())));
  const groups = createMemo(() => groupMonitors(shown(), groupBy()));
  const selection = createSelection(() => shown().map((m) => m.id));
  const counts = createMemo(() => {
    const all = feed.monitors() ?? [];
    return {
      up: all.filter((m) => m.state === 'up').length,
      down: all.filter((m) => m.state === 'down').length,
      paused: all.filter((m) => m.paused).length,
    };
  });
  // What the states panel needs to know, and no more: a live update must not redraw the table.
  const listShape = createMemo(() => {
    const list = feed.monitors();
    return list === null ? null : list.length === 0 ? 'empty' : 'some';
  });
  const [bulkBusy, setBulkBusy] = createSignal<'pause' | 'resume' | null>(null);

  const runBulk = async (action: 'pause' | 'resume') => {
    const ids = selection.selected();
    setBulkBusy(action);
    const run = action === 'pause' ? pauseMonitor : resumeMonitor;
    const outcomes = await Promise.allSettled(ids.map((id) => run(id)));
    setBulkBusy(null);
    const failed = outcomes.filter((o) => o.status === 'rejected') as PromiseRejectedResult[];
    const done = ids.length - failed.length;
    const verb = action === 'pause' ? 'Paused' : 'Resumed';
    if (failed.length === 0) toast(`${verb} ${plural(done, 'monitor')}`);
    else {
      const reason = failed[0]!.reason;
      toast(
        `${verb} ${plural(done, 'monitor')}; ${failed.length} failed: ${reason instanceof ApiError ? reason.message : 'no answer'}`,
        'danger',
      );
    }
    selection.clear();
    void feed.reload();
  };

  return (
    <div class="flex flex-col gap-6">
      <MonitoringHeader
        title="Monitoring"
        description="Is everything up? Websites, certificates, DNS, ports, containers and heartbeats."
        actions={
          <>
            <LiveBadge state={feed.stream()} what="Monitor updates" />
            <A href="/monitoring/new" class="btn-primary btn-sm">
              <span class="i-ph-plus" aria-hidden="true" />
              New monitor
            </A>
          </>
        }
      />

      <DomainsPanel domains={domains} />

      <Card
        title="Monitors"
        icon="i-ph-heartbeat"
        actions={
          <Show when={feed.monitors()?.length}>
            <p class="text-sm text-ink-muted" role="status">
              {counts().up} up · {counts().down} down · {counts().paused} paused
            </p>
          </Show>
        }
      >
        <div class="flex flex-wrap items-end gap-3">
          <Field
            label="Filter"
            id="monitor-filter"
            type="search"
            class="min-w-56 flex-1"
            placeholder="Name, domain, tag, type or state"
            value={filter()}
            onInput={(event) =>
              setParams({ filter: event.currentTarget.value || undefined }, { replace: true })
            }
          />
          <SelectField
            label="Group by"
            id="monitor-group"
            value={groupBy()}
            onChange={(value) => setParams({ group: value === 'tag' ? 'tag' : undefined }, { replace: true })}
            options={groupOptions}
          />
          <fieldset class="flex items-center gap-2">
            <legend class="sr-only">Selected monitors</legend>
            <span class="text-sm text-ink-muted">{selection.selected().length} selected</span>
            <Button
              size="sm"
              icon="i-ph-pause"
              disabled={selection.selected().length === 0}
              busy={bulkBusy() === 'pause'}
              onClick={() => void runBulk('pause')}
            >
              Pause
            </Button>
            <Button
              size="sm"
              icon="i-ph-play"
              disabled={selection.selected().length === 0}
              busy={bulkBusy() === 'resume'}
              onClick={() => void runBulk('resume')}
            >
              Resume
            </Button>
          </fieldset>
        </div>

        <LoadState
          load={{ value: listShape, error: feed.error, loading: feed.loading, reload: feed.reload }}
          isEmpty={(shape) => shape === 'empty'}
          what="monitors"
          lines={6}
          empty={{
            title: 'No monitors yet',
            icon: 'i-ph-heartbeat',
            body: 'Add one for each website, certificate, DNS record or service you want to hear about when it fails.',
            action: (
              <A href="/monitoring/new" class="btn-primary mt-2">
                New monitor
              </A>
            ),
          }}
        >
          {() => (
            <Show
              when={shown().length > 0}
              fallback={
                <p class="py-6 text-center text-sm text-ink-muted">No monitor matches “{filter()}”.</p>
              }
            >
              <MonitorTable groups={groups()} latencies={feed.latencies} selection={selection} now={now} />
            </Show>
          )}
        </LoadState>
      </Card>
    </div>
  );
}
