/**
 * /docker: every container with live state and resource use. Engine events patch rows in place,
 * the all-stats stream fills the CPU and memory bars, and state changes made elsewhere are
 * announced politely. Filter, group by stack, and act on one row or a selection.
 */
import { createEffect, createMemo, createSignal, For, Match, Show, Switch } from 'solid-js';
import { createNow } from '../../lib/clock';
import { plural } from '../../lib/format';
import { createSelection } from '../../lib/selection';
import { usePageTitle } from '../../lib/title';
import { createAnnouncer } from '../../ui/Announcer';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorState } from '../../ui/ErrorState';
import { CheckboxField, Field, SelectField } from '../../ui/Field';
import { LiveBadge } from '../../ui/LiveBadge';
import { Skeleton } from '../../ui/Skeleton';
import { TableHead } from '../../ui/TableHead';
import { toast } from '../../ui/Toast';
import { runContainerAction } from './api';
import { ContainerRow } from './ContainerRow';
import {
  actionLook,
  type BulkAction,
  bulkSummary,
  bulkTargets,
  byName,
  filterContainers,
  groupByStack,
  type StateFilter,
  stateFilters,
} from './containers';
import { createContainersFeed } from './containers-feed';
import { DockerHeader } from './DockerHeader';
import { EngineBanner } from './EngineBanner';
import { messageOf } from './errors';
import { RemoveContainersDialog } from './RemoveContainersDialog';
import type { ContainerAction, ContainerSummary } from './types';
import { createUpdatableImages } from './updates';

const groupKey = 'homelab.docker.groupByStack';

export default function ContainersPage() {
  usePageTitle('Containers');
  const announcer = createAnnouncer();
  // Our own actions are confirmed by a toast; the engine's echo of them need not be announced again.
  const recentlyActed = new Map<string, number>();
  const feed = createContainersFeed({
    announce: (message, id) => {
      if (id && Date.now() - (recentlyActed.get(id) ?? 0) < 15_000) return;
      announcer.announce(message);
    },
  });
  const now = createNow();
  const updatable = createUpdatableImages();

  const [search, setSearch] = createSignal('');
  const [stateFilter, setStateFilter] = createSignal<StateFilter>('all');
  const [grouped, setGroupedSignal] = createSignal(localStorage.getItem(groupKey) === 'true');
  const setGrouped = (on: boolean) => {
    setGroupedSignal(on);
    localStorage.setItem(groupKey, String(on));
  };
  const [pending, setPending] = createSignal<Record<string, ContainerAction | 'remove'>>({});
  const [removing, setRemoving] = createSignal<readonly ContainerSummary[]>([]);

  const all = () => feed.containers() ?? [];
  const visible = createMemo(() => filterContainers(all(), search(), stateFilter()).sort(byName));
  const groups = createMemo(() => groupByStack(visible()));
  const selection = createSelection(() => visible().map((c) => c.id));
  const selectedContainers = () => visible().filter((c) => selection.isSelected(c.id));

  const setBusy = (ids: string[], action: ContainerAction | 'remove' | null) =>
    setPending((map) => {
      const next = { ...map };
      for (const id of ids) {
        if (action) next[id] = action;
        else delete next[id];
        recentlyActed.set(id, Date.now());
      }
      return next;
    });

  /** Runs one action on each container, keeping rows current with what the API answers. */
  const runOn = async (targets: readonly ContainerSummary[], action: ContainerAction) => {
    const ids = targets.map((c) => c.id);
    setBusy(ids, action);
    const results = await Promise.allSettled(targets.map((c) => runContainerAction(c.id, action)));
    setBusy(ids, null);
    const failures: { name: string; message: string }[] = [];
    results.forEach((result, i) => {
      if (result.status === 'fulfilled') feed.put(result.value);
      else failures.push({ name: targets[i]!.name, message: messageOf(result.reason, 'no answer') });
    });
    const done = targets.length - failures.length;
    if (targets.length === 1) {
      const name = targets[0]!.name;
      if (failures.length)
        toast(
          `Could not ${actionLook[action].label.toLowerCase()} ${name}: ${failures[0]!.message}`,
          'danger',
        );
      else toast(`${name} ${actionLook[action].done}`);
    } else {
      const summary = bulkSummary(action, done, failures);
      toast(summary.message, summary.tone, failures.length ? 10_000 : 5000);
    }
  };

  const runBulk = (action: BulkAction) => void runOn(bulkTargets(selectedContainers(), action), action);
  const askRemove = (targets: readonly ContainerSummary[]) => {
    for (const c of targets) recentlyActed.set(c.id, Date.now());
    setRemoving(targets);
  };

  const columns = () => [
    { label: 'Name' },
    { label: 'State' },
    { label: 'Health' },
    { label: 'Image' },
    { label: 'Ports' },
    { label: 'Uptime' },
    { label: 'Restarts' },
    { label: 'CPU' },
    { label: 'Memory' },
    ...(grouped() ? [] : [{ label: 'Stack' }]),
    { label: 'Actions', hidden: true },
  ];

  const Row = (props: { container: ContainerSummary }) => (
    <ContainerRow
      container={props.container}
      stats={feed.stats().get(props.container.id)}
      selected={selection.isSelected(props.container.id)}
      onSelect={(on) => selection.toggle(props.container.id, on)}
      pending={pending()[props.container.id]}
      onAction={(action) => void runOn([props.container], action)}
      onRemove={() => askRemove([props.container])}
      now={now()}
      showStack={!grouped()}
      updateAvailable={updatable().has(props.container.imageId)}
    />
  );

  return (
    <>
      <DockerHeader
        title="Containers"
        description="Everything running on this server's container engine."
        actions={
          <>
            <LiveBadge state={feed.stream()} what="Container events" />
            <Button
              size="sm"
              icon="i-ph-arrow-clockwise"
              busy={feed.loading()}
              onClick={() => void feed.reload()}
            >
              Refresh
            </Button>
          </>
        }
      />
      <announcer.Region />
      <EngineBanner engine={feed.engine()} outage={feed.outage()} message={messageOf(feed.error(), '')} />
      <Card title="Containers" icon="i-ph-cube">
        <div class="flex flex-wrap items-end gap-3">
          <Field
            label="Filter"
            id="container-filter"
            type="search"
            class="min-w-56 flex-1"
            placeholder="Name, image or stack"
            value={search()}
            onInput={(event) => setSearch(event.currentTarget.value)}
          />
          <SelectField
            label="State"
            value={stateFilter()}
            onChange={(value) => setStateFilter(value as StateFilter)}
            options={stateFilters}
            class="w-44"
          />
          <CheckboxField label="Group by stack" checked={grouped()} onChange={setGrouped} class="pb-2" />
          <p class="pb-2 text-sm text-ink-muted" role="status">
            <Show when={feed.containers()}>
              {visible().length === all().length
                ? plural(all().length, 'container')
                : `${visible().length} of ${plural(all().length, 'container')} shown`}
            </Show>
          </p>
        </div>

        <Show when={selection.selected().length > 0}>
          <fieldset class="flex flex-wrap items-center gap-2 rounded-control border border-violet-400/40 bg-violet-500/10 px-3 py-2">
            <legend class="sr-only">Bulk actions</legend>
            <span class="mr-2 text-sm text-ink">{selection.selected().length} selected</span>
            <For each={['start', 'stop', 'restart'] as const}>
              {(action) => {
                const count = () => bulkTargets(selectedContainers(), action).length;
                return (
                  <Button
                    size="sm"
                    icon={actionLook[action].icon}
                    disabled={count() === 0}
                    onClick={() => runBulk(action)}
                  >
                    {actionLook[action].label} ({count()})
                  </Button>
                );
              }}
            </For>
            <Button
              size="sm"
              variant="danger"
              icon="i-ph-trash"
              onClick={() => askRemove(selectedContainers())}
            >
              Remove ({selection.selected().length})…
            </Button>
            <Button size="sm" icon="i-ph-x" onClick={selection.clear}>
              Clear selection
            </Button>
          </fieldset>
        </Show>

        <Switch>
          <Match when={feed.containers() === null && feed.error() && !feed.outage()}>
            <ErrorState
              title="Could not load containers"
              message={messageOf(feed.error(), 'The server did not answer.')}
              onRetry={() => void feed.reload()}
              retrying={feed.loading()}
            />
          </Match>
          <Match when={feed.containers() === null && feed.outage()}>
            <EmptyState title="Containers appear here once Docker answers" icon="i-ph-plugs" />
          </Match>
          <Match when={feed.containers() === null}>
            <Skeleton lines={6} label="Loading containers…" />
          </Match>
          <Match when={all().length === 0}>
            <EmptyState title="No containers yet" icon="i-ph-cube">
              Containers you run with <code class="font-mono">docker run</code> or compose show up here as
              soon as they are created, as do databases deployed from the Databases page.
            </EmptyState>
          </Match>
          <Match when={visible().length === 0}>
            <EmptyState title="No container matches these filters" icon="i-ph-funnel">
              <Button
                size="sm"
                onClick={() => {
                  setSearch('');
                  setStateFilter('all');
                }}
              >
                Clear filters
              </Button>
            </EmptyState>
          </Match>
          <Match when={true}>
            <div class="overflow-x-auto">
              <table class="w-full min-w-[66rem] text-left text-sm">
                <caption class="sr-only">
                  Containers{grouped() ? ', grouped by stack' : ''}. Select rows for bulk actions.
                </caption>
                <TableHead
                  columns={columns()}
                  leading={
                    <input
                      type="checkbox"
                      class="h-4 w-4 accent-violet-500"
                      aria-label="Select all shown containers"
                      checked={selection.all()}
                      ref={(el) => createEffect(() => (el.indeterminate = selection.some()))}
                      onChange={(event) => selection.setAll(event.currentTarget.checked)}
                    />
                  }
                />
                <Show
                  when={grouped()}
                  fallback={
                    <tbody class="divide-y divide-space-600/60">
                      <For each={visible()}>{(c) => <Row container={c} />}</For>
                    </tbody>
                  }
                >
                  <For each={groups()}>
                    {(group) => (
                      <tbody class="divide-y divide-space-600/60">
                        <tr class="bg-space-800/60">
                          <th scope="rowgroup" colspan={columns().length + 1} class="px-2 py-2 text-left">
                            <span class="flex items-center gap-2 font-semibold text-ink">
                              <span class="i-ph-stack text-violet-300" aria-hidden="true" />
                              {group.stack ?? 'Not in a stack'}
                              <span class="text-xs font-normal text-ink-muted">
                                {group.running} of {plural(group.containers.length, 'container')} running
                              </span>
                            </span>
                          </th>
                        </tr>
                        <For each={group.containers}>{(c) => <Row container={c} />}</For>
                      </tbody>
                    )}
                  </For>
                </Show>
              </table>
            </div>
          </Match>
        </Switch>
      </Card>

      <RemoveContainersDialog
        containers={removing()}
        onClose={() => setRemoving([])}
        onRemoved={(ids, failures) => {
          for (const id of ids) feed.drop(id);
          const summary = bulkSummary('remove', ids.length, failures);
          toast(summary.message, summary.tone);
          setRemoving([]);
        }}
      />
    </>
  );
}
