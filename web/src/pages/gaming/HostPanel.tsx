/**
 * The host at the top of the page: Sunshine's state and version, why it is offline, the "Wake
 * gaming PC" button with its progress, and the current session (application, client, bitrate
 * when the host reports them).
 */
import type { GamingStatus } from '@homelab/db/gaming';
import { createSignal, Show } from 'solid-js';
import { formatRelative } from '../../lib/format';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { toast } from '../../ui/Toast';
import { messageOf } from '../docker/errors';
import { wakeGamingPc } from './api';
import { HostBadge, HowToConnect, wakeText } from './host-state';

export function HostPanel(props: { status: GamingStatus; onChanged: () => void; refreshing: boolean }) {
  const [waking, setWaking] = createSignal(false);
  const wake = async () => {
    setWaking(true);
    try {
      await wakeGamingPc();
      toast('Wake packet sent to the gaming PC');
      props.onChanged();
    } catch (error) {
      toast(messageOf(error, 'Could not send the wake packet.'), 'danger');
    } finally {
      setWaking(false);
    }
  };
  const progress = () => wakeText(props.status.wol.progress);
  const waitingForWake = () => props.status.wol.progress.state === 'waiting';

  return (
    <Card
      title="Gaming PC"
      icon="i-ph-game-controller"
      actions={
        <>
          <HostBadge state={props.status.state} />
          <Button
            size="sm"
            variant="ghost"
            icon="i-ph-arrow-clockwise"
            busy={props.refreshing}
            onClick={props.onChanged}
          >
            Check now
          </Button>
        </>
      }
    >
      <Show when={props.status.state !== 'not_configured'} fallback={<HowToConnect />}>
        <dl class="grid grid-cols-1 gap-2 text-sm sm:grid-cols-3">
          <div>
            <dt class="text-ink-muted">Sunshine</dt>
            <dd class="break-all text-ink">{props.status.url}</dd>
          </div>
          <div>
            <dt class="text-ink-muted">Version</dt>
            <dd class="text-ink">{props.status.version ?? '—'}</dd>
          </div>
          <div>
            <dt class="text-ink-muted">Checked</dt>
            <dd class="text-ink">
              {props.status.checkedAt ? formatRelative(props.status.checkedAt) : 'not yet'}
            </dd>
          </div>
        </dl>
        <Show when={props.status.state !== 'online' && props.status.reason}>
          <Banner
            tone={props.status.state === 'auth_failed' ? 'warn' : 'danger'}
            title="Sunshine is not answering"
          >
            {props.status.reason}
          </Banner>
        </Show>
      </Show>

      <Show when={props.status.wol.configured}>
        <div class="flex flex-wrap items-center gap-3">
          <Show when={props.status.state !== 'online'}>
            <Button
              variant="primary"
              icon="i-ph-power"
              busy={waking() || waitingForWake()}
              onClick={() => void wake()}
            >
              Wake gaming PC
            </Button>
          </Show>
          <p class="text-sm text-ink-muted" role="status">
            {progress() ??
              (props.status.wol.lastSentAt
                ? `Last woken ${formatRelative(props.status.wol.lastSentAt)}.`
                : '')}
          </p>
        </div>
      </Show>

      <Show when={props.status.state === 'online'}>
        <CurrentSession status={props.status} />
      </Show>
    </Card>
  );
}

function CurrentSession(props: { status: GamingStatus }) {
  return (
    <div class="rounded-control bg-space-800/60 px-4 py-3">
      <h3 class="text-sm font-semibold text-ink">Current session</h3>
      <Show
        when={props.status.currentApp}
        fallback={<p class="text-sm text-ink-muted">No application started from HomeLabHub is running.</p>}
      >
        {(app) => (
          <dl class="mt-1 grid grid-cols-1 gap-2 text-sm sm:grid-cols-3">
            <div>
              <dt class="text-ink-muted">Application</dt>
              <dd class="text-ink">{app().name}</dd>
            </div>
            <div>
              <dt class="text-ink-muted">Client</dt>
              <dd class="text-ink">{props.status.session?.client ?? 'not reported by Sunshine'}</dd>
            </div>
            <div>
              <dt class="text-ink-muted">Bitrate</dt>
              <dd class="text-ink">
                {props.status.session?.bitrateKbps
                  ? `${(props.status.session.bitrateKbps / 1000).toFixed(1)} Mbps`
                  : 'not reported by Sunshine'}
              </dd>
            </div>
          </dl>
        )}
      </Show>
    </div>
  );
}
