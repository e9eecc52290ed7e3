/** TCP connections right now: how many, by state, and the remote peers holding the most. */
import type { ConnectionsSummary } from '@homelab/db/network';
import { BarList } from '../../ui/BarList';
import { Card } from '../../ui/Card';

const count = (n: number) => n.toLocaleString();

export function ConnectionsPanel(props: { connections: ConnectionsSummary }) {
  const states = () =>
    Object.entries(props.connections.byState)
      .map(([label, value]) => ({ label, value }))
      .sort((a, b) => b.value - a.value);
  return (
    <Card title={`Connections (${count(props.connections.total)})`} icon="i-ph-arrows-left-right">
      <div class="grid gap-6 md:grid-cols-2">
        <BarList title="By state" items={states()} format={count} empty="No TCP connections right now." />
        <BarList
          title="Top remote addresses"
          items={props.connections.byRemote.map((r) => ({ label: r.address, value: r.count }))}
          format={count}
          empty="No connections to other hosts right now."
          barClass="bg-cyan-400"
        />
      </div>
    </Card>
  );
}
