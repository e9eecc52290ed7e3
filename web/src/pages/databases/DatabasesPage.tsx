/**
 * /databases: one-click databases. The catalogue deploys through a wizard with live progress;
 * each instance shows its state, how to connect, its backups and schedule, and the dangerous
 * operations (rotate password, delete) behind confirmations. Kept live by /api/databases/events.
 */
import { createSignal, For, Match, Show, Switch } from 'solid-js';
import { plural } from '../../lib/format';
import { usePageTitle } from '../../lib/title';
import { createAnnouncer } from '../../ui/Announcer';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { createConfirmation } from '../../ui/confirmation';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorState } from '../../ui/ErrorState';
import { CheckboxField } from '../../ui/Field';
import { LiveBadge } from '../../ui/LiveBadge';
import { Skeleton } from '../../ui/Skeleton';
import { toast } from '../../ui/Toast';
import { EngineBanner } from '../docker/EngineBanner';
import { messageOf } from '../docker/errors';
import { deleteInstance, rotatePassword } from './api';
import { DeployWizard } from './DeployWizard';
import { createDatabasesFeed } from './databases-feed';
import { InstanceCard } from './InstanceCard';
import { RestoreDialog } from './RestoreDialog';
import type { DatabaseBackup, DatabaseInstance, DatabaseTemplate } from './types';

const engineIcon: Record<string, string> = {
  postgres: 'i-ph-cylinder',
  mariadb: 'i-ph-database',
  mysql: 'i-ph-database',
  redis: 'i-ph-lightning',
  mongodb: 'i-ph-leaf',
  minio: 'i-ph-cloud',
};

export default function DatabasesPage() {
  usePageTitle('Databases');
  const announcer = createAnnouncer();
  const feed = createDatabasesFeed(announcer.announce);
  const [deploying, setDeploying] = createSignal<DatabaseTemplate | null>(null);
  const [restoring, setRestoring] = createSignal<{
    instance: DatabaseInstance;
    backup: DatabaseBackup;
  } | null>(null);
  const [removeVolume, setRemoveVolume] = createSignal(false);
  const rotating = createConfirmation(async (instance: DatabaseInstance) => {
    feed.put(await rotatePassword(instance.id));
    toast(`New password set for ${instance.name}. Update the apps that use it.`);
  }, 'Could not rotate the password.');
  const deleting = createConfirmation(async (instance: DatabaseInstance) => {
    await deleteInstance(instance.id, instance.name, removeVolume());
    toast(`Deleted ${instance.name}${removeVolume() ? ' with its data' : '; its data volume was kept'}`);
    void feed.reload();
  }, 'Could not delete it.');

  const templateOf = (instance: DatabaseInstance) =>
    feed.templates()?.find((t) => t.engine === instance.engine);
  const instances = () => [...(feed.instances() ?? [])].sort((a, b) => a.name.localeCompare(b.name));

  return (
    <>
      <div class="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 class="text-2xl font-semibold text-ink">Databases</h1>
          <p class="text-sm text-ink-muted">
            One-click databases in containers, with backups and connection strings ready to copy.
          </p>
        </div>
        <LiveBadge state={feed.stream()} what="Database events" />
      </div>
      <announcer.Region />
      <EngineBanner engine={feed.engine()} outage={feed.outage()} message={messageOf(feed.error(), '')} />

      <Card title="Deploy a database" icon="i-ph-rocket-launch">
        <Switch>
          <Match when={feed.templates()}>
            {(templates) => (
              <ul class="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
                <For each={templates()}>
                  {(template) => (
                    <li class="flex flex-col gap-2 rounded-control border border-space-600 bg-space-800/40 p-4">
                      <h3 class="flex items-center gap-2 font-semibold text-ink">
                        <span
                          class={`${engineIcon[template.engine] ?? 'i-ph-database'} text-violet-300`}
                          aria-hidden="true"
                        />
                        {template.name}
                      </h3>
                      <p class="flex-1 text-sm text-ink-muted">{template.description}</p>
                      <p class="text-xs text-ink-muted">
                        {template.versions.length === 1
                          ? `Version ${template.versions[0]}`
                          : `Versions ${template.versions.join(', ')}`}
                      </p>
                      <Button
                        size="sm"
                        variant="primary"
                        icon="i-ph-plus"
                        class="self-start"
                        aria-label={`Deploy ${template.name}`}
                        onClick={() => setDeploying(template)}
                      >
                        Deploy
                      </Button>
                    </li>
                  )}
                </For>
              </ul>
            )}
          </Match>
          <Match when={feed.templatesError()}>
            <ErrorState
              title="Could not load the catalogue"
              message={messageOf(feed.templatesError(), 'The databases runner did not answer.')}
              onRetry={() => void feed.reloadTemplates()}
            />
          </Match>
          <Match when={true}>
            <Skeleton lines={3} label="Loading the catalogue…" />
          </Match>
        </Switch>
      </Card>

      <section aria-labelledby="instances-heading" class="flex flex-col gap-4">
        <h2 id="instances-heading" class="text-lg font-semibold text-ink">
          Your databases
          <Show when={feed.instances()}>
            <span class="ml-2 text-sm font-normal text-ink-muted">
              {plural(instances().length, 'instance')}
            </span>
          </Show>
        </h2>
        <Switch>
          <Match when={feed.instances()?.length === 0}>
            <div class="glass-panel">
              <EmptyState title="No databases yet" icon="i-ph-database">
                Pick one from the catalogue above: it is running, with a generated password, in under a
                minute.
              </EmptyState>
            </div>
          </Match>
          <Match when={feed.instances()}>
            <div class="grid gap-4 xl:grid-cols-2">
              <For each={instances()}>
                {(instance) => (
                  <InstanceCard
                    instance={instance}
                    template={templateOf(instance)}
                    feed={feed}
                    onRestore={(backup) => setRestoring({ instance, backup })}
                    onRotate={() => rotating.open(instance)}
                    onDelete={() => {
                      setRemoveVolume(false);
                      deleting.open(instance);
                    }}
                  />
                )}
              </For>
            </div>
          </Match>
          <Match when={feed.error() && !feed.outage()}>
            <ErrorState
              title="Could not load your databases"
              message={messageOf(feed.error(), 'The server did not answer.')}
              onRetry={() => void feed.reload()}
              retrying={feed.loading()}
            />
          </Match>
          <Match when={feed.outage()}>
            <EmptyState
              title="Your databases appear here once Docker and the runners answer"
              icon="i-ph-plugs"
            />
          </Match>
          <Match when={true}>
            <Skeleton lines={4} label="Loading your databases…" />
          </Match>
        </Switch>
      </section>

      <DeployWizard
        template={deploying()}
        templates={feed.templates() ?? []}
        feed={feed}
        onClose={() => setDeploying(null)}
      />
      <RestoreDialog
        target={restoring()}
        takenNames={instances().map((i) => i.name)}
        onClose={() => setRestoring(null)}
        onStarted={(instance) => {
          feed.put(instance);
          setRestoring(null);
        }}
      />
      <ConfirmDialog
        {...rotating.dialog}
        title={`Rotate the password of ${rotating.target()?.name ?? ''}?`}
        description="A new password is generated and set now. Apps using the old one lose access until you give them the new connection string."
        confirmLabel="Rotate password"
      />
      <ConfirmDialog
        {...deleting.dialog}
        title={`Delete ${deleting.target()?.name ?? ''}?`}
        description="The container and its network are removed. Keep the data volume to be able to redeploy over it later."
        confirmLabel="Delete database"
        confirmText={deleting.target()?.name}
      >
        <CheckboxField
          label="Also delete the data volume and every backup"
          checked={removeVolume()}
          onChange={setRemoveVolume}
          hint="This destroys the data for good."
        />
      </ConfirmDialog>
    </>
  );
}
