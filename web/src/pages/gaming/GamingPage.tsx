/**
 * Game streaming: Sunshine on the gaming PC. The host's state with Wake-on-LAN and the current
 * session on top; once Sunshine answers, its applications and the paired Moonlight devices.
 * The status is polled every 15 seconds while the page is visible.
 */
import type { GamingStatus } from '@homelab/db/gaming';
import { createSignal, Match, Switch } from 'solid-js';
import { pollMs, pollWhileVisible } from '../../lib/poll';
import { LoadState } from '../../ui/LoadState';
import { PageHeader } from '../../ui/PageHeader';
import { createLoaded } from '../monitoring/load';
import { AppsPanel } from './AppsPanel';
import { getGamingStatus } from './api';
import { ClientsPanel } from './ClientsPanel';
import { HostPanel } from './HostPanel';

export default function GamingPage() {
  const [fresh, setFresh] = createSignal(false);
  const status = createLoaded<GamingStatus>(() => getGamingStatus(fresh()));
  const refresh = async () => {
    setFresh(true);
    try {
      await status.reload();
    } finally {
      setFresh(false);
    }
  };
  // A wake in progress is worth following closely; otherwise the usual pace.
  pollWhileVisible(() => {
    if (status.value()?.wol.progress.state !== 'waiting') void status.reload();
  }, pollMs);
  pollWhileVisible(() => {
    if (status.value()?.wol.progress.state === 'waiting') void status.reload();
  }, 3_000);

  return (
    <div class="flex flex-col gap-6">
      <PageHeader
        title="Game streaming"
        description="Sunshine on the gaming PC: wake it, start a game, pair Moonlight devices."
      />
      <LoadState load={status} what="game streaming status" lines={4}>
        {(current) => (
          <div class="flex flex-col gap-6">
            <HostPanel status={current} onChanged={() => void refresh()} refreshing={fresh()} />
            <Switch>
              <Match when={current.state === 'online'}>
                <AppsPanel status={current} onChanged={() => void refresh()} />
                <ClientsPanel />
              </Match>
            </Switch>
          </div>
        )}
      </LoadState>
    </div>
  );
}
