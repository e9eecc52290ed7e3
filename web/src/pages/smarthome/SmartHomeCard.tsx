/** The house at a glance for mission control: the Home Assistant connection, lights on, a few facts and up to three scenes. */
import type { SmartHomeOverview, SmartHomeStatus } from '@homelab/db/smarthome';
import { createResource, For, Show } from 'solid-js';
import { pollMs, pollWhileVisible } from '../../lib/poll';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { CardLink } from '../../ui/CardLink';
import { GlanceState } from '../../ui/GlanceState';
import { StatTile } from '../../ui/StatTile';
import { toast } from '../../ui/Toast';
import { messageOf } from '../docker/errors';
import { callService, getConnectionStatus, getOverview } from './api';
import { ConnectionBadge, NotConfigured } from './ConnectionStatus';
import { isUnavailable, lightsOn } from './entities';

type Loaded =
  | { status: SmartHomeStatus; overview: SmartHomeOverview | null; error?: undefined }
  | { status?: undefined; overview?: undefined; error: string };

// The failure is part of the value, so a failed poll shows the error state instead of throwing.
async function load(): Promise<Loaded> {
  try {
    const status = await getConnectionStatus();
    const overview = status.state === 'not_configured' ? null : await getOverview().catch(() => null);
    return { status, overview };
  } catch (error) {
    return { error: messageOf(error, 'The server did not answer.') };
  }
}

export function SmartHomeCard(props: { class?: string }) {
  const [loaded, { refetch }] = createResource(load);
  pollWhileVisible(() => refetch(), pollMs);
  const status = () => loaded.latest?.status;
  const overview = () => loaded.latest?.overview ?? null;
  const entities = () => overview()?.entities ?? [];
  const activate = async (scene: { entityId: string; name: string }) => {
    try {
      const result = await callService({ domain: 'scene', service: 'turn_on', entityId: scene.entityId });
      toast(
        result.status === 'queued'
          ? `Home Assistant is offline: ${scene.name} will apply when it is back.`
          : `${scene.name} activated.`,
        result.status === 'queued' ? 'info' : 'ok',
      );
    } catch (error) {
      toast(`Could not activate ${scene.name}: ${messageOf(error, 'the server did not answer.')}`, 'danger');
    }
  };

  return (
    <Card
      class={props.class}
      title="Smart home"
      icon="i-ph-house-line"
      actions={
        <>
          <Show when={status()}>{(current) => <ConnectionBadge state={current().state} />}</Show>
          <CardLink href="/smarthome">Open smart home</CardLink>
        </>
      }
    >
      <GlanceState
        value={status()}
        error={loaded.latest?.error}
        errorTitle="Smart home status is unavailable"
        onRetry={() => void refetch()}
        retrying={loaded.loading}
        loadingLabel="Loading the smart home…"
        lines={2}
      >
        {(current) => (
          <Show when={current().state !== 'not_configured'} fallback={<NotConfigured compact />}>
            <div class="flex flex-col gap-3">
              <Show when={current().state === 'offline'}>
                <p class="text-sm text-danger-300">
                  Home Assistant offline
                  {current().queued > 0 ? ` · ${current().queued} queued` : ''}
                </p>
              </Show>
              <dl class="grid grid-cols-3 gap-2">
                <StatTile label="Lights on" value={overview() ? lightsOn(entities()) : '—'} />
                <StatTile label="Rooms" value={overview()?.areas.length ?? '—'} />
                <StatTile
                  label="Unavailable"
                  value={overview() ? entities().filter(isUnavailable).length : '—'}
                />
              </dl>
              <Show when={overview()?.scenes.length}>
                <ul class="flex flex-wrap gap-2" aria-label="Quick scenes">
                  <For each={overview()?.scenes.slice(0, 3)}>
                    {(scene) => (
                      <li>
                        <Button
                          size="sm"
                          icon="i-ph-sparkle"
                          aria-label={`Activate scene ${scene.name}`}
                          onClick={() => void activate(scene)}
                        >
                          {scene.name}
                        </Button>
                      </li>
                    )}
                  </For>
                </ul>
              </Show>
            </div>
          </Show>
        )}
      </GlanceState>
    </Card>
  );
}
