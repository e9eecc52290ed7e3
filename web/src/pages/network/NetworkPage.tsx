/**
 * The network view: interfaces with live throughput and history, listening ports and who holds
 * them, connections, the public IP and the names that should point at it, and Twingate. The
 * overview refreshes every few seconds while the tab is visible.
 */
import { pollWhileVisible } from '../../lib/poll';
import { LoadState } from '../../ui/LoadState';
import { PageHeader } from '../../ui/PageHeader';
import { createLoaded } from '../monitoring/load';
import { getNetworkOverview } from './api';
import { ConnectionsPanel } from './ConnectionsPanel';
import { DnsPanel } from './DnsPanel';
import { InterfacesPanel } from './InterfacesPanel';
import { PortsPanel } from './PortsPanel';
import { TwingateCard } from './TwingateCard';

/** Rates are measured between reads, so a few seconds is as live as they usefully get. */
export const overviewPollMs = 5_000;

export default function NetworkPage() {
  const overview = createLoaded(getNetworkOverview);
  pollWhileVisible(() => overview.reload(), overviewPollMs);
  return (
    <div class="flex flex-col gap-6">
      <PageHeader
        title="Network"
        description="Interfaces and their throughput, what listens on this host, connections, public IP and DNS."
      />
      <LoadState load={overview} what="network overview" lines={8}>
        {(o) => (
          <div class="flex flex-col gap-6">
            <InterfacesPanel interfaces={o.interfaces} />
            <PortsPanel ports={o.listening} complete={o.processesComplete} engine={o.engine} />
            <div class="grid gap-6 xl:grid-cols-2">
              <ConnectionsPanel connections={o.connections} />
              <TwingateCard twingate={o.twingate} />
            </div>
            <DnsPanel publicIp={o.publicIp} dns={o.dns} />
          </div>
        )}
      </LoadState>
    </div>
  );
}
