/** The Twingate connector, when this host runs one (as a container or a systemd unit). */
import type { TwingateStatus } from '@homelab/db/network';
import { A } from '@solidjs/router';
import { Show } from 'solid-js';
import { formatRelative } from '../../lib/format';
import { Badge } from '../../ui/Badge';
import { Card } from '../../ui/Card';

const healthy = (state: string | null) => state === 'active' || /^running(?! \(unhealthy)/.test(state ?? '');

export function TwingateCard(props: { twingate: TwingateStatus }) {
  return (
    <Card title="Twingate" icon="i-ph-shield-check">
      <Show
        when={props.twingate.present}
        fallback={
          <p class="text-sm text-ink-muted">
            No Twingate connector on this host. Run the <code class="font-mono">twingate/connector</code>{' '}
            image as a container, or the <code class="font-mono">twingate-connector</code> systemd service,
            and it shows here.
          </p>
        }
      >
        <div class="flex flex-wrap items-center gap-3 text-sm">
          <Badge tone={healthy(props.twingate.state) ? 'ok' : 'danger'}>
            {props.twingate.state ?? 'unknown'}
          </Badge>
          <Show when={props.twingate.container}>
            {(c) => (
              <A href={`/docker/containers/${c().id}`} class="text-cyan-300 underline">
                Container {c().name}
              </A>
            )}
          </Show>
          <Show when={props.twingate.service}>
            {(s) => <span class="text-ink-muted">systemd unit {s()}</span>}
          </Show>
          <Show when={props.twingate.lastSeen}>
            {(at) => <span class="text-ink-muted">started {formatRelative(at())}</span>}
          </Show>
        </div>
      </Show>
    </Card>
  );
}
