/**
 * The Channels tab: where notifications go (Discord, webhooks, e-mail, ntfy), each with "Send
 * test" and its outcome, then the delivery log with status, attempts and the last error, and a
 * retry for the ones that failed.
 */
import { createSignal, Show } from 'solid-js';
import { ApiError } from '../../api/client';
import { formatDateTime, formatRelative } from '../../lib/format';
import { Badge, type Tone } from '../../ui/Badge';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { createConfirmation } from '../../ui/confirmation';
import { EditDeleteCell } from '../../ui/EditDeleteCell';
import { TableCard } from '../../ui/TableCard';
import { toast } from '../../ui/Toast';
import { createLoaded, type Loaded } from '../monitoring/load';
import { deleteChannel, listDeliveries, retryDelivery, testChannel } from './api';
import { ChannelDialog } from './ChannelDialog';
import { channelTypeLabels } from './channel-config';
import type { Channel, Delivery } from './types';

const deliveryLook: Record<Delivery['status'], { tone: Tone; icon: string; text: string }> = {
  sent: { tone: 'ok', icon: 'i-ph-check', text: 'Sent' },
  pending: { tone: 'info', icon: 'i-ph-hourglass', text: 'Pending' },
  failed: { tone: 'danger', icon: 'i-ph-x', text: 'Failed' },
};

interface TestOutcome {
  channel: string;
  ok: boolean;
  message: string;
}

export function ChannelsPanel(props: { channels: Loaded<Channel[]> }) {
  const deliveries = createLoaded(() => listDeliveries(100));
  const [editing, setEditing] = createSignal<Channel | null | 'new'>(null);
  const [testingId, setTestingId] = createSignal<string | null>(null);
  const [outcome, setOutcome] = createSignal<TestOutcome | null>(null);
  const [retrying, setRetrying] = createSignal<string | number | null>(null);
  const channelName = (id: string) =>
    props.channels.value()?.find((c) => c.id === id)?.name ?? 'deleted channel';

  const sendTest = async (channel: Channel) => {
    setTestingId(channel.id);
    setOutcome(null);
    try {
      const delivery = await testChannel(channel.id);
      setOutcome({
        channel: channel.name,
        ok: delivery.status === 'sent',
        message:
          delivery.status === 'sent'
            ? 'The test message was delivered.'
            : delivery.status === 'pending'
              ? `Not delivered yet; it is retried by itself. ${delivery.lastError ?? ''}`.trim()
              : (delivery.lastError ?? 'The channel refused the test message.'),
      });
    } catch (error) {
      setOutcome({
        channel: channel.name,
        ok: false,
        message: error instanceof ApiError ? error.message : 'The test could not be sent.',
      });
    } finally {
      setTestingId(null);
      void deliveries.reload();
    }
  };

  const retry = async (delivery: Delivery) => {
    setRetrying(delivery.id);
    try {
      await retryDelivery(delivery.id);
      toast('Delivery queued again');
      void deliveries.reload();
    } catch (error) {
      toast(error instanceof ApiError ? error.message : 'Could not retry the delivery.', 'danger');
    } finally {
      setRetrying(null);
    }
  };

  const removal = createConfirmation(async (channel: Channel) => {
    await deleteChannel(channel.id);
    toast(`Channel ${channel.name} deleted`);
    void props.channels.reload();
  }, 'Could not delete the channel.');

  return (
    <div class="flex flex-col gap-6">
      <TableCard
        title="Channels"
        icon="i-ph-broadcast"
        actions={
          <Button size="sm" variant="primary" icon="i-ph-plus" onClick={() => setEditing('new')}>
            New channel
          </Button>
        }
        load={props.channels}
        what="channels"
        empty={{
          title: 'No channels yet',
          icon: 'i-ph-bell-slash',
          body: 'Without a channel, outages are recorded but nobody hears about them. Add Discord, a webhook, e-mail or ntfy.',
        }}
        columns={[
          { label: 'Name' },
          { label: 'Type' },
          { label: 'State' },
          { label: 'Actions', hidden: true },
        ]}
        minWidth="min-w-[40rem]"
        order={(a, b) => a.name.localeCompare(b.name)}
        notice={
          <Show when={outcome()}>
            {(o) => (
              <Banner
                tone={o().ok ? 'ok' : 'danger'}
                title={`Test of ${o().channel}: ${o().ok ? 'delivered' : 'not delivered'}`}
              >
                {o().message}
              </Banner>
            )}
          </Show>
        }
      >
        {(channel) => (
          <tr>
            <th scope="row" class="py-2 pr-4 text-left font-medium text-ink">
              {channel.name}
            </th>
            <td class="py-2 pr-4 text-ink-muted">
              <span
                class={`${channelTypeLabels[channel.type]?.icon ?? 'i-ph-bell'} mr-1`}
                aria-hidden="true"
              />
              {channelTypeLabels[channel.type]?.label ?? channel.type}
            </td>
            <td class="py-2 pr-4">
              {channel.enabled ? (
                <Badge tone="ok" icon="i-ph-check">
                  Enabled
                </Badge>
              ) : (
                <Badge tone="neutral" icon="i-ph-pause">
                  Disabled
                </Badge>
              )}
            </td>
            <EditDeleteCell
              name={channel.name}
              onEdit={() => setEditing(channel)}
              onDelete={() => removal.open(channel)}
            >
              <Button
                size="sm"
                icon="i-ph-paper-plane-tilt"
                busy={testingId() === channel.id}
                aria-label={`Send test to ${channel.name}`}
                onClick={() => void sendTest(channel)}
              >
                Send test
              </Button>
            </EditDeleteCell>
          </tr>
        )}
      </TableCard>

      <TableCard
        title="Delivery log"
        icon="i-ph-list-checks"
        actions={
          <Button
            size="sm"
            icon="i-ph-arrow-clockwise"
            busy={deliveries.loading()}
            onClick={() => void deliveries.reload()}
          >
            Refresh
          </Button>
        }
        load={deliveries}
        what="deliveries"
        empty={{
          title: 'Nothing sent yet',
          icon: 'i-ph-tray',
          body: 'Every notification and test shows up here with how it went.',
        }}
        columns={[
          { label: 'When' },
          { label: 'Channel' },
          { label: 'Message' },
          { label: 'Status' },
          { label: 'Attempts' },
          { label: 'Actions', hidden: true },
        ]}
        minWidth="min-w-[56rem]"
      >
        {(delivery) => (
          <tr>
            <th
              scope="row"
              class="whitespace-nowrap py-2 pr-4 text-left font-normal text-ink"
              title={formatDateTime(delivery.createdAt)}
            >
              {formatRelative(delivery.createdAt)}
            </th>
            <td class="py-2 pr-4 text-ink-muted">{channelName(delivery.channelId)}</td>
            <td class="py-2 pr-4 text-ink">
              {delivery.title}
              <div class="text-xs text-ink-muted">{delivery.event}</div>
              <Show when={delivery.lastError}>
                <div class="text-xs text-danger-300">{delivery.lastError}</div>
              </Show>
            </td>
            <td class="py-2 pr-4">
              <Badge
                tone={deliveryLook[delivery.status]?.tone ?? 'neutral'}
                icon={deliveryLook[delivery.status]?.icon}
              >
                {deliveryLook[delivery.status]?.text ?? delivery.status}
              </Badge>
            </td>
            <td class="py-2 pr-4 tabular-nums text-ink-muted">{delivery.attempts}</td>
            <td class="py-2 text-right">
              <Show when={delivery.status === 'failed'}>
                <Button
                  size="sm"
                  icon="i-ph-arrow-counter-clockwise"
                  busy={retrying() === delivery.id}
                  aria-label={`Retry delivery of ${delivery.title}`}
                  onClick={() => void retry(delivery)}
                >
                  Retry
                </Button>
              </Show>
            </td>
          </tr>
        )}
      </TableCard>

      <Show when={editing()}>
        {(target) => (
          <ChannelDialog
            channel={target() === 'new' ? null : (target() as Channel)}
            onClose={() => setEditing(null)}
            onSaved={() => void props.channels.reload()}
          />
        )}
      </Show>
      <ConfirmDialog
        {...removal.dialog}
        title={`Delete channel ${removal.target()?.name ?? ''}?`}
        description="Monitors and alert rules that use it stop notifying through it. Its delivery log is deleted too."
        confirmLabel="Delete channel"
      />
    </div>
  );
}
