/** The heading and section tabs every monitoring page starts with. */
import type { JSX } from 'solid-js';
import { NavTabs } from '../../ui/Tabs';

const sections = [
  { href: '/monitoring', label: 'Health', icon: 'i-ph-heartbeat', end: true },
  { href: '/monitoring/maintenance', label: 'Maintenance', icon: 'i-ph-wrench' },
] as const;

export function MonitoringHeader(props: { title: string; description: string; actions?: JSX.Element }) {
  return (
    <div class="flex flex-col gap-3">
      <div class="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 class="text-2xl font-semibold text-ink">{props.title}</h1>
          <p class="text-sm text-ink-muted">{props.description}</p>
        </div>
        <div class="flex flex-wrap items-center gap-2">{props.actions}</div>
      </div>
      <NavTabs label="Monitoring sections" items={sections} />
    </div>
  );
}
