/** /notifications: where alerts go (channels and their delivery log), what raises them (alert rules), and dynamic DNS. */
import { useSearchParams } from '@solidjs/router';
import { Match, Switch } from 'solid-js';
import { usePageTitle } from '../../lib/title';
import { Tabs } from '../../ui/Tabs';
import { createLoaded } from '../monitoring/load';
import { AlertsPanel } from './AlertsPanel';
import { listChannels } from './api';
import { ChannelsPanel } from './ChannelsPanel';
import { DdnsPanel } from './DdnsPanel';

const tabs = [
  { id: 'channels', label: 'Channels', icon: 'i-ph-broadcast' },
  { id: 'alerts', label: 'Alerts', icon: 'i-ph-warning-diamond' },
  { id: 'ddns', label: 'Dynamic DNS', icon: 'i-ph-signpost' },
] as const;
type TabId = (typeof tabs)[number]['id'];

export default function NotificationsPage() {
  usePageTitle('Notifications');
  const [params, setParams] = useSearchParams<{ tab?: string }>();
  const selected = (): TabId => (tabs.some((t) => t.id === params.tab) ? (params.tab as TabId) : 'channels');
  const channels = createLoaded(listChannels);
  return (
    <div class="flex flex-col gap-6">
      <div>
        <h1 class="text-2xl font-semibold text-ink">Notifications</h1>
        <p class="text-sm text-ink-muted">
          Who hears about outages and alerts, how, and whether it got through.
        </p>
      </div>
      <Tabs
        label="Notification sections"
        tabs={tabs}
        selected={selected()}
        onSelect={(id) => setParams({ tab: id }, { replace: true })}
      >
        {(id) => (
          <Switch>
            <Match when={id === 'channels'}>
              <ChannelsPanel channels={channels} />
            </Match>
            <Match when={id === 'alerts'}>
              <AlertsPanel channels={channels} />
            </Match>
            <Match when={id === 'ddns'}>
              <DdnsPanel />
            </Match>
          </Switch>
        )}
      </Tabs>
    </div>
  );
}
