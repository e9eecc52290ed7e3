/**
 * /smarthome: the house through Home Assistant. Rooms with their devices and the controls each
 * takes, quick scenes, and a plain account of the connection: offline with commands queued, or not
 * set up yet with how to do it. Kept live by /api/smarthome/events.
 */
import type { ServiceCallInput, SmartHomeEntity } from '@homelab/db/smarthome';
import { createMemo, createSignal, For, Match, Show, Switch } from 'solid-js';
import { plural } from '../../lib/format';
import { pollMs, pollWhileVisible } from '../../lib/poll';
import { usePageTitle } from '../../lib/title';
import { createAnnouncer } from '../../ui/Announcer';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { createConfirmation } from '../../ui/confirmation';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorState } from '../../ui/ErrorState';
import { Skeleton } from '../../ui/Skeleton';
import { toast } from '../../ui/Toast';
import { messageOf } from '../docker/errors';
import { testConnection } from './api';
import { ConnectionBadge, NotConfigured, OfflineBanner } from './ConnectionStatus';
import { EntityDialog } from './EntityDialog';
import { EntityRow } from './EntityRow';
import { domainName, type EntityFilter, lightsOn, matchesFilter, otherRoomId, roomsOf } from './entities';
import { createSmartHomeFeed } from './smarthome-feed';

const whatCallDoes = (call: ServiceCallInput, name: string) =>
  ({
    turn_on: `turn on ${name}`,
    turn_off: `turn off ${name}`,
    lock: `lock ${name}`,
    unlock: `unlock ${name}`,
  })[call.service] ?? `change ${name}`;

export default function SmartHomePage() {
  usePageTitle('Smart home');
  const announcer = createAnnouncer();
  const feed = createSmartHomeFeed({ announce: announcer.announce });
  pollWhileVisible(() => feed.loadStatus(), pollMs);
  const [filter, setFilter] = createSignal<EntityFilter>({ text: '', domain: '' });
  const [detail, setDetail] = createSignal<string | null>(null);
  const [testing, setTesting] = createSignal(false);

  const overview = () => feed.overview();
  const state = () => feed.status()?.state;
  const devices = createMemo(() => new Map((overview()?.devices ?? []).map((d) => [d.id, d])));
  const entities = () => overview()?.entities ?? [];
  const nameOf = (entityId: string) => entities().find((e) => e.entityId === entityId)?.name ?? entityId;
  const domains = createMemo(() =>
    [
      ...new Set(
        entities()
          .filter((e) => e.domain !== 'scene')
          .map((e) => e.domain),
      ),
    ].sort(),
  );
  const rooms = createMemo(() => {
    const current = overview();
    if (!current) return [];
    const shown = current.entities.filter((e) =>
      matchesFilter(e, filter(), e.deviceId ? devices().get(e.deviceId) : undefined),
    );
    return roomsOf(current, shown);
  });
  // Rows are keyed by id, not by the entity object each live update replaces, so a control keeps
  // its focus while its state changes under it.
  const byId = createMemo(
    () => new Map([...(overview()?.scenes ?? []), ...entities()].map((e) => [e.entityId, e])),
  );
  const roomIds = createMemo(() => rooms().map((r) => r.id));
  const sceneIds = createMemo(() => overview()?.scenes.map((s) => s.entityId) ?? []);
  const deviceNameOf = (entity: SmartHomeEntity) =>
    entity.deviceId ? devices().get(entity.deviceId)?.name : undefined;
  const detailEntity = () => {
    const id = detail();
    return id ? (entities().find((e) => e.entityId === id) ?? null) : null;
  };

  /** Sends a call and says what became of it: applied silently, queued or failed in a toast. */
  const run = async (call: ServiceCallInput, successMessage?: string) => {
    const name = nameOf(call.entityId);
    try {
      const result = await feed.call(call);
      if (result.status === 'queued') {
        toast(`Home Assistant is offline: ${whatCallDoes(call, name)} will apply when it is back.`, 'info');
      } else if (successMessage) {
        toast(successMessage);
      }
    } catch (caught) {
      toast(
        `Could not ${whatCallDoes(call, name)}: ${messageOf(caught, 'the server did not answer.')}`,
        'danger',
      );
      throw caught;
    }
  };
  const send = (call: ServiceCallInput, successMessage?: string) =>
    void run(call, successMessage).catch(() => {});

  const locking = createConfirmation(
    (target: { entity: SmartHomeEntity; service: 'lock' | 'unlock' }) =>
      run({ domain: 'lock', service: target.service, entityId: target.entity.entityId }),
    'Home Assistant did not take the command.',
  );

  const runTest = async () => {
    setTesting(true);
    try {
      const result = await testConnection();
      feed.setStatus(result.status);
      if (result.ok)
        toast(
          `Home Assistant answered${result.latencyMs === null ? '' : ` in ${Math.round(result.latencyMs)} ms`}.`,
        );
      else toast(`Home Assistant did not answer: ${result.error ?? 'no reason given.'}`, 'danger');
    } catch (caught) {
      toast(`Could not test the connection: ${messageOf(caught, 'the server did not answer.')}`, 'danger');
    } finally {
      setTesting(false);
    }
  };

  return (
    <>
      <div class="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 class="text-2xl font-semibold text-ink">Smart home</h1>
          <p class="text-sm text-ink-muted">
            Rooms, devices and scenes from Home Assistant, live.
            <Show when={overview()}> {plural(lightsOn(entities()), 'light')} on.</Show>
          </p>
        </div>
        <div class="flex flex-wrap items-center gap-2">
          <Show when={state()}>{(current) => <ConnectionBadge state={current()} />}</Show>
          <Button icon="i-ph-plugs-connected" busy={testing()} onClick={() => void runTest()}>
            Test connection
          </Button>
        </div>
      </div>
      <announcer.Region />

      <Switch>
        <Match when={feed.statusError() && !feed.status()}>
          <div class="glass-panel">
            <ErrorState
              title="Could not reach the smart home service"
              message={messageOf(feed.statusError(), 'The server did not answer.')}
              onRetry={() => void feed.reload()}
              retrying={feed.loading()}
            />
          </div>
        </Match>
        <Match when={!feed.status()}>
          <div class="glass-panel p-5">
            <Skeleton lines={5} label="Loading your home…" />
          </div>
        </Match>
        <Match when={state() === 'not_configured'}>
          <div class="glass-panel">
            <NotConfigured />
          </div>
        </Match>
        <Match when={feed.status()}>
          {(status) => (
            <>
              <Show when={status().state === 'offline'}>
                <OfflineBanner status={status()} />
              </Show>
              <Show when={status().state === 'connecting'}>
                <Banner tone="info" title="Connecting to Home Assistant…">
                  <Show when={status().reconnectAttempts > 0}>Attempt {status().reconnectAttempts}. </Show>
                  <Show when={status().queued > 0}>{plural(status().queued, 'command')} waiting.</Show>
                </Banner>
              </Show>

              <Show when={overview()?.scenes.length}>
                <Card title="Quick scenes" icon="i-ph-magic-wand">
                  <ul class="flex flex-wrap gap-2">
                    <For each={sceneIds()}>
                      {(sceneId) => {
                        const scene = () => byId().get(sceneId) ?? { entityId: sceneId, name: sceneId };
                        return (
                          <li>
                            <Button
                              icon="i-ph-sparkle"
                              aria-label={`Activate scene ${scene().name}`}
                              onClick={() =>
                                send(
                                  { domain: 'scene', service: 'turn_on', entityId: sceneId },
                                  `${scene().name} activated.`,
                                )
                              }
                            >
                              {scene().name}
                            </Button>
                          </li>
                        );
                      }}
                    </For>
                  </ul>
                </Card>
              </Show>

              <section aria-labelledby="rooms-heading" class="flex flex-col gap-4">
                <div class="flex flex-wrap items-end justify-between gap-3">
                  <h2 id="rooms-heading" class="text-lg font-semibold text-ink">
                    Rooms
                  </h2>
                  <Show when={overview()}>
                    <div class="flex flex-wrap items-center gap-2">
                      <label class="flex items-center gap-2 text-sm text-ink-muted">
                        <span class="sr-only">Search devices</span>
                        <input
                          type="search"
                          class="input-field w-52 text-sm"
                          placeholder="Search devices"
                          value={filter().text}
                          onInput={(e) => setFilter((f) => ({ ...f, text: e.currentTarget.value }))}
                        />
                      </label>
                      <label class="flex items-center gap-2 text-sm text-ink-muted">
                        <span class="sr-only">Show only</span>
                        <select
                          class="input-field w-44 text-sm"
                          value={filter().domain}
                          onChange={(e) => setFilter((f) => ({ ...f, domain: e.currentTarget.value }))}
                        >
                          <option value="">All kinds</option>
                          <For each={domains()}>{(d) => <option value={d}>{domainName(d)}</option>}</For>
                        </select>
                      </label>
                    </div>
                  </Show>
                </div>
                <Switch>
                  <Match when={overview() && entities().length === 0}>
                    <div class="glass-panel">
                      <EmptyState title="Home Assistant has no devices yet" icon="i-ph-house-line">
                        Add integrations and assign areas in Home Assistant; rooms and their devices show
                        here.
                      </EmptyState>
                    </div>
                  </Match>
                  <Match when={overview() && rooms().length === 0}>
                    <div class="glass-panel">
                      <EmptyState title="Nothing matches the filter" icon="i-ph-magnifying-glass">
                        <Button size="sm" onClick={() => setFilter({ text: '', domain: '' })}>
                          Clear the filter
                        </Button>
                      </EmptyState>
                    </div>
                  </Match>
                  <Match when={overview()}>
                    <div class="grid items-start gap-4 lg:grid-cols-2 2xl:grid-cols-3">
                      <For each={roomIds()}>
                        {(roomId) => {
                          const room = () => rooms().find((r) => r.id === roomId);
                          return (
                            <Card
                              title={room()?.name ?? ''}
                              icon={roomId === otherRoomId ? 'i-ph-dots-three-circle' : 'i-ph-door'}
                            >
                              <ul class="flex flex-col gap-2">
                                <For each={room()?.entities.map((e) => e.entityId) ?? []}>
                                  {(entityId) => (
                                    <Show when={byId().get(entityId)}>
                                      {(entity) => (
                                        <EntityRow
                                          entity={entity()}
                                          deviceName={deviceNameOf(entity())}
                                          onCall={(call) => send(call)}
                                          onLock={(target, service) =>
                                            locking.open({ entity: target, service })
                                          }
                                          onOpen={(target) => setDetail(target.entityId)}
                                        />
                                      )}
                                    </Show>
                                  )}
                                </For>
                              </ul>
                            </Card>
                          );
                        }}
                      </For>
                    </div>
                  </Match>
                  <Match when={feed.overviewError() && status().state === 'offline'}>
                    <div class="glass-panel">
                      <EmptyState title="Rooms appear once Home Assistant answers" icon="i-ph-plugs">
                        Retrying automatically.
                      </EmptyState>
                    </div>
                  </Match>
                  <Match when={feed.overviewError()}>
                    <div class="glass-panel">
                      <ErrorState
                        title="Could not load your rooms"
                        message={messageOf(feed.overviewError(), 'Home Assistant did not answer.')}
                        onRetry={() => void feed.reload()}
                        retrying={feed.loading()}
                      />
                    </div>
                  </Match>
                  <Match when={true}>
                    <div class="grid gap-4 lg:grid-cols-2">
                      <div class="glass-panel p-5">
                        <Skeleton lines={4} label="Loading rooms…" />
                      </div>
                      <div class="glass-panel p-5">
                        <Skeleton lines={4} />
                      </div>
                    </div>
                  </Match>
                </Switch>
              </section>
            </>
          )}
        </Match>
      </Switch>

      <EntityDialog entity={detailEntity()} onClose={() => setDetail(null)} />
      <ConfirmDialog
        {...locking.dialog}
        variant="primary"
        title={`${locking.target()?.service === 'unlock' ? 'Unlock' : 'Lock'} ${locking.target()?.entity.name ?? ''}?`}
        description={
          locking.target()?.service === 'unlock'
            ? 'The door can be opened by anyone once it is unlocked.'
            : 'The lock is sent the command now, or as soon as Home Assistant is back.'
        }
        confirmLabel={locking.target()?.service === 'unlock' ? 'Unlock' : 'Lock'}
      />
    </>
  );
}
