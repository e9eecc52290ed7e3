/**
 * /monitoring/:id: one monitor's 90 days of uptime, response times over a chosen range, incidents,
 * certificate and push facts, and its actions (check now, pause/resume, edit, delete). Kept live
 * from the monitoring event stream.
 */
import { A, useNavigate, useParams } from '@solidjs/router';
import { createMemo, createSignal, Show } from 'solid-js';
import { ApiError } from '../../api/client';
import { createNow } from '../../lib/clock';
import { createEventStream } from '../../lib/sse';
import { usePageTitle } from '../../lib/title';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { createConfirmation } from '../../ui/confirmation';
import { LiveBadge } from '../../ui/LiveBadge';
import { LoadState } from '../../ui/LoadState';
import { toast } from '../../ui/Toast';
import {
  checkMonitorNow,
  deleteMonitor,
  getHistory,
  getMonitor,
  listMonitorIncidents,
  pauseMonitor,
  resumeMonitor,
  streamUrls,
} from './api';
import { CheckResultView } from './CheckResultView';
import { IncidentsPanel } from './IncidentsPanel';
import { createLoaded } from './load';
import { MonitorFacts } from './MonitorFacts';
import { formatAgo, mergeBars, uptimeBars } from './monitors';
import { ResponseChart } from './ResponseChart';
import { StateBadge } from './StateBadge';
import type { CheckResult, Monitor } from './types';
import { UptimeBars } from './UptimeBars';

export default function MonitorPage() {
  const params = useParams<{ id: string }>();
  const navigate = useNavigate();
  const id = params.id;
  const monitor = createLoaded(() => getMonitor(id));
  // 30 days come in 3-hour buckets, a year in 2-day ones: the bars use the finer where it reaches.
  const bars = createLoaded(async () => {
    const [month, year] = await Promise.all([getHistory(id, '30d'), getHistory(id, '1y')]);
    const now = Date.now();
    return mergeBars(uptimeBars(month.points, 90, now), uptimeBars(year.points, 90, now, 2));
  });
  const incidents = createLoaded(() => listMonitorIncidents(id));
  usePageTitle(() => monitor.value()?.name ?? 'Monitor');
  const loadedId = createMemo(() => monitor.value()?.id ?? null);
  const m = () => monitor.value()!;
  const now = createNow(1000);

  const stream = createEventStream({
    url: () => streamUrls.events,
    events: {
      monitor: (data) => {
        const event = (
          data && typeof data === 'object' && 'monitor' in data ? data.monitor : data
        ) as Partial<Monitor> & {
          id?: string;
          deleted?: boolean;
        };
        if (event?.id !== id) return;
        const current = monitor.value();
        if (event.deleted) return navigate('/monitoring', { replace: true });
        if (current) {
          if (event.state && event.state !== current.state) void incidents.reload();
          monitor.setValue({ ...current, ...event } as Monitor);
        }
      },
    },
    onReconnect: () => void monitor.reload(),
  });

  const [checking, setChecking] = createSignal(false);
  const [result, setResult] = createSignal<CheckResult | null>(null);
  const [toggling, setToggling] = createSignal(false);

  const checkNow = async () => {
    setChecking(true);
    try {
      setResult(await checkMonitorNow(id));
      void monitor.reload();
    } catch (error) {
      toast(error instanceof ApiError ? error.message : 'Could not run the check.', 'danger');
    } finally {
      setChecking(false);
    }
  };

  const togglePause = async (current: Monitor) => {
    setToggling(true);
    try {
      await (current.paused ? resumeMonitor(id) : pauseMonitor(id));
      toast(current.paused ? `${current.name} resumed` : `${current.name} paused`);
      void monitor.reload();
    } catch (error) {
      toast(error instanceof ApiError ? error.message : 'That did not work.', 'danger');
    } finally {
      setToggling(false);
    }
  };

  const removal = createConfirmation(async (target: Monitor) => {
    await deleteMonitor(target.id);
    toast(`Monitor ${target.name} deleted`);
    navigate('/monitoring', { replace: true });
  }, 'Could not delete the monitor.');

  return (
    <div class="flex flex-col gap-6">
      <nav aria-label="Breadcrumb" class="text-sm">
        <A href="/monitoring" class="text-ink-muted hover:text-ink">
          <span class="i-ph-arrow-left" aria-hidden="true" /> Monitoring
        </A>
      </nav>
      {/* Keyed on the id alone: a live update patches the page in place, the chart keeps its range. */}
      <LoadState load={{ ...monitor, value: loadedId }} what="monitor" lines={6}>
        {() => (
          <>
            <div class="flex flex-wrap items-end justify-between gap-3">
              <div class="flex flex-col gap-1">
                <h1 class="flex flex-wrap items-center gap-3 text-2xl font-semibold text-ink">
                  {m().name}
                  <StateBadge state={m().state} />
                </h1>
                <p class="text-sm text-ink-muted">
                  {m().type} check · last checked {formatAgo(m().lastCheckAt, now())}
                  {m().lastMessage ? ` · ${m().lastMessage}` : ''}
                </p>
              </div>
              <div class="flex flex-wrap items-center gap-2">
                <LiveBadge state={stream.state()} what="Monitor updates" />
                <Button size="sm" icon="i-ph-lightning" busy={checking()} onClick={() => void checkNow()}>
                  Check now
                </Button>
                <Button
                  size="sm"
                  icon={m().paused ? 'i-ph-play' : 'i-ph-pause'}
                  busy={toggling()}
                  onClick={() => void togglePause(m())}
                >
                  {m().paused ? 'Resume' : 'Pause'}
                </Button>
                <A href={`/monitoring/${encodeURIComponent(m().id)}/edit`} class="btn-ghost btn-sm">
                  <span class="i-ph-pencil-simple" aria-hidden="true" />
                  Edit
                </A>
                <Button size="sm" variant="danger" icon="i-ph-trash" onClick={() => removal.open(m())}>
                  Delete
                </Button>
              </div>
            </div>
            <Show when={result()}>{(r) => <CheckResultView result={r()} />}</Show>

            <Card title="Uptime, last 90 days" icon="i-ph-chart-bar">
              <LoadState load={bars} what="uptime history" lines={2}>
                {(b) => <UptimeBars bars={b} label={`${m().name} uptime`} />}
              </LoadState>
            </Card>
            <div class="grid gap-6 lg:grid-cols-2">
              <ResponseChart monitorId={m().id} />
              <MonitorFacts monitor={m()} />
            </div>
            <IncidentsPanel incidents={incidents} />
          </>
        )}
      </LoadState>
      <ConfirmDialog
        {...removal.dialog}
        title={`Delete monitor ${removal.target()?.name ?? ''}?`}
        description="Its history and incidents are deleted with it. This cannot be undone."
        confirmLabel="Delete monitor"
      />
    </div>
  );
}
