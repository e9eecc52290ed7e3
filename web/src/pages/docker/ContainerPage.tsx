/**
 * /docker/containers/:id: one container with its actions and five tabs (overview, logs, stats,
 * console, inspect). The tab lives in `?tab=` so a link can open the logs directly; the console
 * and its terminal emulator load only when that tab is opened.
 */
import { A, useNavigate, useParams, useSearchParams } from '@solidjs/router';
import { createSignal, For, lazy, Match, Show, Suspense, Switch } from 'solid-js';
import { createNow } from '../../lib/clock';
import { usePageTitle } from '../../lib/title';
import { createAnnouncer } from '../../ui/Announcer';
import { Badge } from '../../ui/Badge';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { CodeBlock } from '../../ui/CodeBlock';
import { Boundary } from '../../ui/ErrorBoundary';
import { ErrorState } from '../../ui/ErrorState';
import { LiveBadge } from '../../ui/LiveBadge';
import { Skeleton, Spinner } from '../../ui/Skeleton';
import { type TabItem, Tabs } from '../../ui/Tabs';
import { toast } from '../../ui/Toast';
import { runContainerAction } from './api';
import { createContainerFeed } from './container-feed';
import { actionLook, allowedActions, describeState, healthLook } from './containers';
import { EngineBanner } from './EngineBanner';
import { isNotFound, messageOf } from './errors';
import { LogsViewer } from './LogsViewer';
import { OverviewPanel } from './OverviewPanel';
import { RemoveContainersDialog } from './RemoveContainersDialog';
import { RenameDialog } from './RenameDialog';
import { StatsPanel } from './StatsPanel';
import type { ContainerAction, ContainerSummary } from './types';
import { UpdateDialog } from './UpdateDialog';
import { UpdatesPanel } from './UpdatesPanel';
import type { ContainerUpdate } from './updates';

const ConsolePanel = lazy(() => import('./ConsolePanel'));

type TabId = 'overview' | 'logs' | 'stats' | 'console' | 'inspect' | 'updates';
const tabs: readonly TabItem<TabId>[] = [
  { id: 'overview', label: 'Overview', icon: 'i-ph-info' },
  { id: 'logs', label: 'Logs', icon: 'i-ph-scroll' },
  { id: 'stats', label: 'Stats', icon: 'i-ph-chart-line' },
  { id: 'console', label: 'Console', icon: 'i-ph-terminal-window' },
  { id: 'inspect', label: 'Inspect', icon: 'i-ph-brackets-curly' },
  { id: 'updates', label: 'Updates', icon: 'i-ph-arrow-circle-up' },
];
const isTab = (value: unknown): value is TabId => tabs.some((t) => t.id === value);

export default function ContainerPage() {
  const params = useParams<{ id: string }>();
  const [search, setSearch] = useSearchParams<{ tab?: string }>();
  const navigate = useNavigate();
  const announcer = createAnnouncer();
  const feed = createContainerFeed(() => params.id, announcer.announce);
  const now = createNow();
  const [pending, setPending] = createSignal<ContainerAction | null>(null);
  const [renaming, setRenaming] = createSignal<ContainerSummary | null>(null);
  const [removing, setRemoving] = createSignal<readonly ContainerSummary[]>([]);
  const [updating, setUpdating] = createSignal<ContainerSummary | null>(null);
  const [updatesSeen, setUpdatesSeen] = createSignal(0);
  usePageTitle(() => feed.container()?.name ?? 'Container');

  const tab = (): TabId => (isTab(search.tab) ? search.tab : 'overview');
  const running = () => feed.container()?.state === 'running';

  // A finished update leaves a container of the same name: a new one, or the old one rolled back.
  const settledUpdates = new Set<string>();
  const updateSettled = (update: ContainerUpdate) => {
    // The dialog and the Updates tab may both see it finish.
    if (settledUpdates.has(update.id)) return;
    settledUpdates.add(update.id);
    setUpdatesSeen((n) => n + 1);
    if (update.status === 'succeeded') toast(`${update.container} updated`);
    else
      toast(
        `Update of ${update.container} ${update.status === 'rolled_back' ? 'rolled back' : 'failed'}`,
        'danger',
      );
    if (params.id !== update.container)
      navigate(`/docker/containers/${encodeURIComponent(update.container)}?tab=updates`, { replace: true });
    else void feed.reload();
  };

  const act = async (action: ContainerAction) => {
    const c = feed.container();
    if (!c || pending()) return;
    setPending(action);
    try {
      feed.put(await runContainerAction(c.id, action));
      toast(`${c.name} ${actionLook[action].done}`);
    } catch (error) {
      toast(
        `Could not ${actionLook[action].label.toLowerCase()} ${c.name}: ${messageOf(error, 'no answer')}`,
        'danger',
      );
    } finally {
      setPending(null);
    }
  };

  return (
    <>
      <nav aria-label="Breadcrumb" class="text-sm">
        <ol class="flex flex-wrap items-center gap-1 text-ink-muted">
          <li>
            <A href="/docker" class="hover:text-ink hover:underline">
              Containers
            </A>
          </li>
          <li aria-hidden="true" class="i-ph-caret-right" />
          <li aria-current="page" class="text-ink">
            {feed.container()?.name ?? params.id}
          </li>
        </ol>
      </nav>
      <announcer.Region />
      <EngineBanner engine={null} outage={feed.outage()} message={messageOf(feed.error(), '')} />

      <Switch>
        <Match when={feed.container()}>
          {(c) => (
            <>
              <div class="flex flex-wrap items-start justify-between gap-3">
                <div class="flex flex-col gap-1">
                  <h1 class="flex flex-wrap items-center gap-3 text-2xl font-semibold text-ink">
                    {c().name}
                    <Badge tone={describeState(c()).tone} icon={describeState(c()).icon}>
                      {describeState(c()).text}
                    </Badge>
                    <Show when={healthLook[c().health]}>
                      {(h) => <Badge tone={h().tone}>{h().text}</Badge>}
                    </Show>
                  </h1>
                  <p class="font-mono text-xs text-ink-muted">{c().image}</p>
                </div>
                <div class="flex flex-wrap items-center gap-2">
                  <LiveBadge state={feed.stream()} what="Container events" />
                  <Show when={pending()}>
                    {(action) => <Spinner label={actionLook[action()].busy} class="text-sm text-ink-muted" />}
                  </Show>
                  <For each={allowedActions(c().state)}>
                    {(action) => (
                      <Button
                        size="sm"
                        variant={action === 'kill' ? 'danger' : 'ghost'}
                        icon={actionLook[action].icon}
                        busy={pending() === action}
                        disabled={feed.removed() || (pending() !== null && pending() !== action)}
                        onClick={() => void act(action)}
                      >
                        {actionLook[action].label}
                      </Button>
                    )}
                  </For>
                  <Button
                    size="sm"
                    icon="i-ph-arrow-circle-up"
                    disabled={feed.removed()}
                    onClick={() => setUpdating(c())}
                  >
                    Update…
                  </Button>
                  <Button
                    size="sm"
                    icon="i-ph-pencil-simple"
                    disabled={feed.removed()}
                    onClick={() => setRenaming(c())}
                  >
                    Rename
                  </Button>
                  <Button
                    size="sm"
                    variant="danger"
                    icon="i-ph-trash"
                    disabled={feed.removed()}
                    onClick={() => setRemoving([c()])}
                  >
                    Remove…
                  </Button>
                </div>
              </div>

              <Show when={feed.removed()}>
                <Banner
                  tone="warn"
                  title="This container was removed"
                  action={
                    <A href="/docker" class="btn-ghost btn-sm">
                      Back to containers
                    </A>
                  }
                >
                  What you see is its last known state.
                </Banner>
              </Show>

              <Card title="Container details" icon="i-ph-cube">
                <Tabs
                  label="Container views"
                  tabs={tabs}
                  selected={tab()}
                  onSelect={(id) => setSearch({ tab: id === 'overview' ? undefined : id }, { replace: true })}
                >
                  {(id) => (
                    <Boundary label={`The ${id} tab`}>
                      <Switch>
                        <Match when={id === 'overview'}>
                          <OverviewPanel container={c()} inspect={feed.inspect()} now={now()} />
                        </Match>
                        <Match when={id === 'logs'}>
                          <LogsViewer containerId={c().id} name={c().name} />
                        </Match>
                        <Match when={id === 'stats'}>
                          <StatsPanel containerId={c().id} running={running()} />
                        </Match>
                        <Match when={id === 'console'}>
                          <Suspense fallback={<Skeleton lines={8} label="Loading the console…" />}>
                            <ConsolePanel containerId={c().id} name={c().name} running={running()} />
                          </Suspense>
                        </Match>
                        <Match when={id === 'updates'}>
                          <UpdatesPanel
                            container={c().name}
                            refresh={updatesSeen()}
                            onSettled={updateSettled}
                          />
                        </Match>
                        <Match when={id === 'inspect'}>
                          <CodeBlock
                            label={`Inspect document of ${c().name}`}
                            code={JSON.stringify(feed.inspect() ?? {}, null, 2)}
                            copy="inspect document"
                          />
                        </Match>
                      </Switch>
                    </Boundary>
                  )}
                </Tabs>
              </Card>
            </>
          )}
        </Match>
        <Match when={feed.error() && !feed.outage()}>
          <ErrorState
            title={isNotFound(feed.error()) ? 'No such container' : 'Could not load this container'}
            message={messageOf(feed.error(), 'The server did not answer.')}
            onRetry={() => void feed.reload()}
            retrying={feed.loading()}
          />
          <p class="text-center">
            <A href="/docker" class="text-cyan-300 hover:underline">
              Back to containers
            </A>
          </p>
        </Match>
        <Match when={true}>
          <Skeleton lines={8} label="Loading the container…" />
        </Match>
      </Switch>

      <UpdateDialog container={updating()} onClose={() => setUpdating(null)} onSettled={updateSettled} />
      <RenameDialog
        container={renaming()}
        onClose={() => setRenaming(null)}
        onRenamed={(next) => {
          feed.put(next);
          setRenaming(null);
          toast(`Renamed to ${next.name}`);
        }}
      />
      <RemoveContainersDialog
        containers={removing()}
        onClose={() => setRemoving([])}
        onRemoved={(_, failures) => {
          setRemoving([]);
          if (failures.length) toast(failures[0]!.message, 'danger');
          else {
            toast(`${feed.container()?.name ?? 'Container'} removed`);
            navigate('/docker');
          }
        }}
      />
    </>
  );
}
