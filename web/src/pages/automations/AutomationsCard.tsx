/** Mission control's automations card: hooks, failed deliveries in the last 24 hours, a link to the page. */
import { Show } from 'solid-js';
import { Badge } from '../../ui/Badge';
import { Card } from '../../ui/Card';
import { CardLink } from '../../ui/CardLink';
import { LoadState } from '../../ui/LoadState';
import { createLoaded } from '../monitoring/load';
import { readSummary } from './api';

export function AutomationsCard() {
  const summary = createLoaded(readSummary);
  return (
    <Card
      title="Automations"
      icon="i-ph-plugs-connected"
      actions={<CardLink href="/automations">Open automations</CardLink>}
    >
      <LoadState
        load={summary}
        what="automations"
        isEmpty={(s) => s.hooks === 0}
        empty={{
          title: 'No hooks yet',
          icon: 'i-ph-plugs',
          body: 'Not connected to n8n: add a hook with your n8n Webhook URL on the Automations page.',
        }}
      >
        {(s) => (
          <dl class="grid grid-cols-2 gap-3 text-sm">
            <div>
              <dt class="text-ink-muted">Hooks</dt>
              <dd class="text-lg font-semibold text-ink">
                {s.enabled} of {s.hooks} enabled
              </dd>
            </div>
            <div>
              <dt class="text-ink-muted">Failed in 24 h</dt>
              <dd class="text-lg font-semibold text-ink">
                <Show when={s.failures24h > 0} fallback="0">
                  <Badge tone="danger" icon="i-ph-x">
                    {s.failures24h}
                  </Badge>
                </Show>
              </dd>
            </div>
            <div>
              <dt class="text-ink-muted">Waiting to send</dt>
              <dd class="text-lg font-semibold text-ink">{s.pending}</dd>
            </div>
          </dl>
        )}
      </LoadState>
    </Card>
  );
}
