/** The house at a glance for mission control: the Home Assistant connection, lights on, a few facts and up to three scenes. */
import type { SmartHomeOverview, SmartHomeStatus } from '@homelab/db/smarthome';
import { A } from '@solidjs/router';
import { createResource, For, Match, Show, Switch } from 'solid-js';
import { pollMs, pollWhileVisible } from '../../lib/poll';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { ErrorState } from '../../ui/ErrorState';
import { Skeleton } from '../../ui/Skeleton';
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

function Stat(props: { label: string; value: string | number }) {
  return (
    <div class="flex flex-col rounded-control bg-space-800/60 px-3 py-2">
      <dt class="text-xs text-ink-muted">{props.label}</dt>
      <dd class="text-lg font-semibold tabular-nums text-ink">{props.value}</dd>
    </div>
  );
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
          <A href="/smarthome" class="text-sm text-violet-200 underline-offset-2 hover:underline">
            Open smart home
          </A>
        </>
      }
    >
      <Switch>
        <Match when={loaded.latest?.error}>
          <ErrorState
            title="Smart home status is unavailable"
            message={loaded.latest?.error}
            onRetry={() => void refetch()}
            retrying={loaded.loading}
          />
        </Match>
        <Match when={!status()}>
          <Skeleton lines={2} label="Loading the smart home…" />
        </Match>
        <Match when={status()?.state === 'not_configured'}>
          <NotConfigured compact />
        </Match>
        <Match when={status()}>
          {(current) => (
            <div class="flex flex-col gap-3">
              <Show when={current().state === 'offline'}>
                <p class="text-sm text-danger-300">
                  Home Assistant offline
                  {current().queued > 0 ? ` · ${current().queued} queued` : ''}
                </p>
              </Show>
              <dl class="grid grid-cols-3 gap-2">
                <Stat label="Lights on" value={overview() ? lightsOn(entities()) : '—'} />
                <Stat label="Rooms" value={overview()?.areas.length ?? '—'} />
                <Stat
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
          )}
        </Match>
      </Switch>
    </Card>
  );
}
