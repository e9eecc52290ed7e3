/** Game streaming at a glance for mission control: Sunshine's state, the current app, wake when asleep. */
import type { GamingStatus } from '@homelab/db/gaming';
import { createResource, createSignal, Show } from 'solid-js';
import { pollMs, pollWhileVisible } from '../../lib/poll';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { CardLink } from '../../ui/CardLink';
import { GlanceState } from '../../ui/GlanceState';
import { toast } from '../../ui/Toast';
import { messageOf } from '../docker/errors';
import { getGamingStatus, wakeGamingPc } from './api';
import { HostBadge, HowToConnect, wakeText } from './host-state';

type Loaded = { status: GamingStatus; error?: undefined } | { status?: undefined; error: string };

// The failure is part of the value, so a failed poll shows the error state instead of throwing.
async function load(): Promise<Loaded> {
  try {
    return { status: await getGamingStatus() };
  } catch (error) {
    return { error: messageOf(error, 'The server did not answer.') };
  }
}

export function GamingCard(props: { class?: string }) {
  const [loaded, { refetch }] = createResource(load);
  pollWhileVisible(() => refetch(), pollMs);
  const [waking, setWaking] = createSignal(false);
  const status = () => loaded.latest?.status;
  const wake = async () => {
    setWaking(true);
    try {
      await wakeGamingPc();
      toast('Wake packet sent to the gaming PC');
      void refetch();
    } catch (error) {
      toast(messageOf(error, 'Could not send the wake packet.'), 'danger');
    } finally {
      setWaking(false);
    }
  };

  return (
    <Card
      class={props.class}
      title="Game streaming"
      icon="i-ph-game-controller"
      actions={
        <>
          <Show when={status()}>{(current) => <HostBadge state={current().state} />}</Show>
          <CardLink href="/gaming">Open game streaming</CardLink>
        </>
      }
    >
      <GlanceState
        value={status()}
        error={loaded.latest?.error}
        errorTitle="Game streaming status is unavailable"
        onRetry={() => void refetch()}
        retrying={loaded.loading}
        loadingLabel="Loading game streaming…"
        lines={2}
      >
        {(current) => (
          <Show when={current().state !== 'not_configured'} fallback={<HowToConnect compact />}>
            <div class="flex flex-col gap-3 text-sm">
              <dl class="grid grid-cols-2 gap-2">
                <div class="rounded-control bg-space-800/60 px-3 py-2">
                  <dt class="text-xs text-ink-muted">Running</dt>
                  <dd class="font-semibold text-ink">{current().currentApp?.name ?? 'Nothing'}</dd>
                </div>
                <div class="rounded-control bg-space-800/60 px-3 py-2">
                  <dt class="text-xs text-ink-muted">Bitrate</dt>
                  <dd class="font-semibold text-ink">
                    {current().session?.bitrateKbps
                      ? `${((current().session?.bitrateKbps ?? 0) / 1000).toFixed(1)} Mbps`
                      : '—'}
                  </dd>
                </div>
              </dl>
              <Show when={current().state !== 'online' && current().reason}>
                <p class="text-danger-300">{current().reason}</p>
              </Show>
              <Show when={current().state !== 'online' && current().wol.configured}>
                <div class="flex flex-wrap items-center gap-2">
                  <Button
                    size="sm"
                    variant="primary"
                    icon="i-ph-power"
                    busy={waking() || current().wol.progress.state === 'waiting'}
                    onClick={() => void wake()}
                  >
                    Wake gaming PC
                  </Button>
                  <span class="text-ink-muted" role="status">
                    {wakeText(current().wol.progress) ?? ''}
                  </span>
                </div>
              </Show>
            </div>
          </Show>
        )}
      </GlanceState>
    </Card>
  );
}
