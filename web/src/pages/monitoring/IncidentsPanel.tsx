/** A monitor's incidents, newest first: when, why, for how long, and whether it was silenced by maintenance. */
import { createNow } from '../../lib/clock';
import { formatDateTime } from '../../lib/format';
import { Badge } from '../../ui/Badge';
import { TableCard } from '../../ui/TableCard';
import type { Loaded } from './load';
import { incidentDuration } from './monitors';
import type { Incident } from './types';

export function IncidentsPanel(props: { incidents: Loaded<Incident[]> }) {
  const now = createNow(10_000);
  return (
    <TableCard
      title="Incidents"
      icon="i-ph-siren"
      load={props.incidents}
      what="incidents"
      lines={3}
      empty={{
        title: 'No incidents',
        icon: 'i-ph-confetti',
        body: 'It has not been down since it was added.',
      }}
      columns={[{ label: 'Started' }, { label: 'State' }, { label: 'Cause' }, { label: 'Duration' }]}
      minWidth="min-w-[40rem]"
      order={(a, b) => b.startedAt.localeCompare(a.startedAt)}
    >
      {(incident) => (
        <tr>
          <th scope="row" class="whitespace-nowrap py-2 pr-4 text-left font-normal text-ink">
            {formatDateTime(incident.startedAt)}
          </th>
          <td class="py-2 pr-4">
            {incident.resolvedAt ? (
              <Badge tone="ok" icon="i-ph-check">
                Resolved
              </Badge>
            ) : (
              <Badge tone="danger" icon="i-ph-warning">
                Open
              </Badge>
            )}
            {incident.silenced ? (
              <span class="ml-1">
                <Badge tone="neutral" icon="i-ph-bell-slash">
                  Silenced
                </Badge>
              </span>
            ) : null}
          </td>
          <td class="py-2 pr-4 text-ink">
            {incident.cause}
            {incident.lastMessage && incident.lastMessage !== incident.cause ? (
              <div class="text-xs text-ink-muted">{incident.lastMessage}</div>
            ) : null}
          </td>
          <td class="whitespace-nowrap py-2 tabular-nums text-ink-muted">
            {incidentDuration(incident, now())}
          </td>
        </tr>
      )}
    </TableCard>
  );
}
