/**
 * /status/:domain, the public status page: no sign-in, read-only. The overall state in words, then
 * each service with its 90 days of uptime; refreshed every minute while it is open.
 */
import { useParams } from '@solidjs/router';
import { createSignal, For, onCleanup } from 'solid-js';
import { api, unwrap } from '../../api/client';
import { formatDateTime } from '../../lib/format';
import { usePageTitle } from '../../lib/title';
import { Banner } from '../../ui/Banner';
import { LoadState } from '../../ui/LoadState';
import { createLoaded } from '../monitoring/load';
import { StateBadge } from '../monitoring/StateBadge';
import { UptimeBars } from '../monitoring/UptimeBars';
import { overallState, type PublicStatus, statusBars } from './status';

const headline = {
  up: { tone: 'ok', title: 'All systems operational' },
  degraded: { tone: 'warn', title: 'Some services are having problems' },
  down: { tone: 'danger', title: 'Services are down' },
  maintenance: { tone: 'info', title: 'Planned maintenance in progress' },
  unknown: { tone: 'info', title: 'No data yet' },
} as const;

// The API declares the answer open-ended past names and states; the runner adds the daily bars.
const fetchStatus = async (domain: string): Promise<PublicStatus> =>
  (await unwrap(api.api.status[':domain'].$get({ param: { domain } }))) as PublicStatus;

export default function StatusPage() {
  const params = useParams<{ domain: string }>();
  const domain = params.domain;
  usePageTitle(`${domain} status`);
  const status = createLoaded(() => fetchStatus(domain));
  const [now, setNow] = createSignal(Date.now());
  const timer = setInterval(() => {
    setNow(Date.now());
    void status.reload();
  }, 60_000);
  onCleanup(() => clearInterval(timer));

  return (
    <main class="mx-auto flex max-w-3xl flex-col gap-6 px-4 py-10">
      <header class="flex flex-col gap-1">
        <p class="text-sm text-ink-muted">Status</p>
        <h1 class="text-3xl font-semibold text-ink">{domain}</h1>
      </header>
      <div class="glass-panel flex flex-col gap-6 p-5">
        <LoadState
          load={status}
          what="status"
          isEmpty={(s) => s.monitors.length === 0}
          empty={{ title: 'Nothing is published for this domain', icon: 'i-ph-globe' }}
        >
          {(s) => {
            const look = () => headline[overallState(s)];
            return (
              <>
                <Banner tone={look().tone} title={look().title}>
                  {s.updatedAt ? `Updated ${formatDateTime(s.updatedAt)}` : null}
                </Banner>
                <ul class="flex flex-col gap-6">
                  <For each={s.monitors}>
                    {(service) => (
                      <li class="flex flex-col gap-2">
                        <div class="flex items-center justify-between gap-3">
                          <h2 class="font-medium text-ink">{service.name}</h2>
                          <StateBadge state={service.state} />
                        </div>
                        <UptimeBars bars={statusBars(service, now())} label={`${service.name} uptime`} />
                      </li>
                    )}
                  </For>
                </ul>
              </>
            );
          }}
        </LoadState>
      </div>
      <p class="text-center text-xs text-ink-muted">Powered by HomeLabHub</p>
    </main>
  );
}
