/**
 * The delivery log: every attempt's outcome per hook and event (status, the receiver's answer,
 * how long it took, the error), filtered by hook and status, paged with "Older", and a Replay
 * button for deliveries that are done (failed or delivered).
 */
import { createEffect, createSignal, on, Show } from 'solid-js';
import { ApiError } from '../../api/client';
import { formatDateTime, formatRelative } from '../../lib/format';
import { pollMs, pollWhileVisible } from '../../lib/poll';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { SelectField } from '../../ui/Field';
import { TableCard } from '../../ui/TableCard';
import { toast } from '../../ui/Toast';
import { createLoaded } from '../monitoring/load';
import { listDeliveries, replayDelivery } from './api';
import { deliveryLook, eventLabel } from './look';
import type { Delivery, DeliveryStatus, Hook } from './types';

/** `changed` moves when a hook changed or a test was sent: the log then reloads at once. */
export function DeliveryLog(props: { hooks: Hook[]; changed: number }) {
  const [hookId, setHookId] = createSignal('');
  const [status, setStatus] = createSignal<'' | DeliveryStatus>('');
  const [older, setOlder] = createSignal<Delivery[]>([]);
  const [nextBefore, setNextBefore] = createSignal<number | null>(null);
  const [replaying, setReplaying] = createSignal<number | null>(null);

  const fetchFirst = async () => {
    const page = await listDeliveries({ hookId: hookId() || undefined, status: status() || undefined });
    setOlder([]);
    setNextBefore(page.nextBefore);
    return page.deliveries;
  };
  const deliveries = createLoaded(fetchFirst);
  const all = {
    ...deliveries,
    value: () => {
      const first = deliveries.value();
      return first === null ? null : [...first, ...older()];
    },
  };

  const refilter = () => void deliveries.reload();
  createEffect(on(() => props.changed, refilter, { defer: true }));
  // Retries and replays finish on the runner's schedule; the first page follows them while nobody pages back.
  pollWhileVisible(() => {
    if (older().length === 0) void deliveries.reload();
  }, pollMs);

  const loadOlder = async () => {
    const before = nextBefore();
    if (!before) return;
    try {
      const page = await listDeliveries({
        hookId: hookId() || undefined,
        status: status() || undefined,
        before,
      });
      setOlder((current) => [...current, ...page.deliveries]);
      setNextBefore(page.nextBefore);
    } catch (error) {
      toast(error instanceof ApiError ? error.message : 'Could not load older deliveries.', 'danger');
    }
  };

  const replay = async (delivery: Delivery) => {
    setReplaying(delivery.id);
    try {
      await replayDelivery(delivery.id);
      toast(`${eventLabel(delivery.event)} to ${delivery.hookName} queued again`);
      void deliveries.reload();
    } catch (error) {
      toast(error instanceof ApiError ? error.message : 'Could not replay the delivery.', 'danger');
    } finally {
      setReplaying(null);
    }
  };

  return (
    <div class="flex flex-col gap-2">
      <TableCard
        title="Delivery log"
        icon="i-ph-list-checks"
        actions={
          <Button size="sm" variant="ghost" icon="i-ph-arrow-clockwise" onClick={refilter}>
            Refresh
          </Button>
        }
        notice={
          <div class="flex flex-wrap gap-3">
            <SelectField
              label="Hook"
              value={hookId()}
              onChange={(value) => {
                setHookId(value);
                refilter();
              }}
              options={[
                { value: '', label: 'All hooks' },
                ...props.hooks.map((h) => ({ value: h.id, label: h.name })),
              ]}
            />
            <SelectField
              label="Status"
              value={status()}
              onChange={(value) => {
                setStatus(value as '' | DeliveryStatus);
                refilter();
              }}
              options={[
                { value: '', label: 'Any status' },
                { value: 'failed', label: 'Failed' },
                { value: 'pending', label: 'Pending' },
                { value: 'delivered', label: 'Delivered' },
              ]}
            />
          </div>
        }
        load={all}
        what="deliveries"
        empty={{
          title: 'No deliveries',
          icon: 'i-ph-tray',
          body: 'Deliveries appear here as events happen, or when you send a test to a hook.',
        }}
        columns={[
          { label: 'Event' },
          { label: 'Hook' },
          { label: 'Status' },
          { label: 'Response' },
          { label: 'Duration' },
          { label: 'When' },
          { label: 'Actions', hidden: true },
        ]}
        minWidth="min-w-[56rem]"
      >
        {(delivery) => (
          <tr>
            <th scope="row" class="py-2 pr-4 text-left font-medium text-ink">
              {eventLabel(delivery.event)}
              <Show when={delivery.lastError}>
                <div class="max-w-80 text-xs font-normal text-danger-300">{delivery.lastError}</div>
              </Show>
            </th>
            <td class="py-2 pr-4 text-ink-muted">{delivery.hookName}</td>
            <td class="py-2 pr-4">
              <Badge tone={deliveryLook[delivery.status].tone} icon={deliveryLook[delivery.status].icon}>
                {deliveryLook[delivery.status].text}
              </Badge>
              <div class="text-xs text-ink-muted">
                {delivery.attempts} {delivery.attempts === 1 ? 'attempt' : 'attempts'}
              </div>
            </td>
            <td class="py-2 pr-4 text-ink-muted">{delivery.responseStatus ?? '—'}</td>
            <td class="py-2 pr-4 text-ink-muted">
              {delivery.durationMs === null ? '—' : `${delivery.durationMs} ms`}
            </td>
            <td
              class="py-2 pr-4 text-ink-muted"
              title={formatDateTime(delivery.deliveredAt ?? delivery.createdAt)}
            >
              {formatRelative(delivery.deliveredAt ?? delivery.createdAt)}
            </td>
            <td class="py-2">
              <Show when={delivery.status !== 'pending'}>
                <Button
                  size="sm"
                  variant="ghost"
                  icon="i-ph-arrow-counter-clockwise"
                  aria-label={`Replay ${eventLabel(delivery.event)} to ${delivery.hookName} (delivery ${delivery.id})`}
                  busy={replaying() === delivery.id}
                  onClick={() => replay(delivery)}
                >
                  Replay
                </Button>
              </Show>
            </td>
          </tr>
        )}
      </TableCard>
      <Show when={nextBefore() !== null}>
        <div class="flex justify-center">
          <Button size="sm" variant="ghost" icon="i-ph-caret-down" onClick={() => void loadOlder()}>
            Older deliveries
          </Button>
        </div>
      </Show>
    </div>
  );
}
