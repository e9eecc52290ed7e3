/** One viewer: their accounts per platform, totals and latest ledger entries, and a grant. */
import { createSignal, For, Show } from 'solid-js';
import { formatDateTime } from '../../../lib/format';
import { Badge } from '../../../ui/Badge';
import { Button } from '../../../ui/Button';
import { DataTable } from '../../../ui/DataTable';
import { Dialog } from '../../../ui/Dialog';
import { LoadState } from '../../../ui/LoadState';
import { createLoaded } from '../../monitoring/load';
import { getViewer } from '../api';
import { GrantDialog } from './GrantDialog';
import { formatAmount, formatMinutes, platformLabels, reasonLabels, signed } from './labels';

export function ViewerDialog(props: {
  viewerId: string;
  name: string;
  currency: string;
  onClose: () => void;
  onChanged: () => void;
}) {
  const detail = createLoaded(() => getViewer(props.viewerId));
  const [granting, setGranting] = createSignal(false);
  return (
    <Dialog open={true} size="xl" title={`Viewer ${props.name}`} onClose={props.onClose}>
      <LoadState load={detail} what="viewer" lines={6}>
        {(d) => (
          <div class="flex flex-col gap-4">
            <dl class="grid grid-cols-2 gap-3 text-sm sm:grid-cols-4">
              <div>
                <dt class="text-ink-muted">Balance</dt>
                <dd class="font-semibold text-ink">
                  {formatAmount(d.viewer.balance)} {props.currency}
                </dd>
              </div>
              <div>
                <dt class="text-ink-muted">Rank</dt>
                <dd class="text-ink">#{d.viewer.rank}</dd>
              </div>
              <div>
                <dt class="text-ink-muted">Watched</dt>
                <dd class="text-ink">{formatMinutes(d.viewer.watchMinutes)}</dd>
              </div>
              <div>
                <dt class="text-ink-muted">Messages</dt>
                <dd class="text-ink">{formatAmount(d.viewer.messages)}</dd>
              </div>
            </dl>
            <div>
              <h3 class="mb-2 text-sm font-medium text-ink">Accounts</h3>
              <ul class="flex flex-wrap gap-2" aria-label="Accounts">
                <For each={d.viewer.identities}>
                  {(i) => (
                    <li>
                      <Badge tone="info">
                        {platformLabels[i.platform]}: {i.userName}
                      </Badge>
                    </li>
                  )}
                </For>
              </ul>
            </div>
            <div class="flex justify-end">
              <Button icon="i-ph-plus-minus" onClick={() => setGranting(true)}>
                Give or take
              </Button>
            </div>
            <Show
              when={d.ledger.length > 0}
              fallback={<p class="text-sm text-ink-muted">No balance changes yet.</p>}
            >
              <DataTable
                caption="Latest balance changes, newest first"
                columns={[
                  { label: 'When' },
                  { label: 'What' },
                  { label: 'Change' },
                  { label: 'Balance' },
                  { label: 'By' },
                ]}
                items={d.ledger}
                minWidth="min-w-[40rem]"
              >
                {(e) => (
                  <tr>
                    <td class="py-2 pr-4 text-ink-muted">{formatDateTime(e.at)}</td>
                    <td class="py-2 pr-4 text-ink">
                      {reasonLabels[e.reason]}
                      {e.ref && e.reason === 'grant' ? `: ${e.ref}` : ''}
                    </td>
                    <td class={`py-2 pr-4 font-mono ${e.delta < 0 ? 'text-danger-300' : 'text-ok-300'}`}>
                      {signed(e.delta)}
                    </td>
                    <td class="py-2 pr-4 font-mono text-ink">{formatAmount(e.balanceAfter)}</td>
                    <td class="py-2 pr-4 text-ink-muted">{e.actor ?? ''}</td>
                  </tr>
                )}
              </DataTable>
            </Show>
            <Show when={granting()}>
              <GrantDialog
                viewer={d.viewer}
                currency={props.currency}
                onClose={() => setGranting(false)}
                onGranted={() => {
                  void detail.reload();
                  props.onChanged();
                }}
              />
            </Show>
          </div>
        )}
      </LoadState>
    </Dialog>
  );
}
