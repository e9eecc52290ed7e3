/**
 * Deploys: the checkout the homelab runs from (branch, commit, polling), "Deploy now", the history
 * of deploys with their services and outcome, each deploy's log (live while it runs), and how to
 * set up the push webhook in GitHub or Gitea.
 */
import { createSignal, Show } from 'solid-js';
import { ApiError } from '../../api/client';
import { formatDateTime, formatRelative } from '../../lib/format';
import { pollMs, pollWhileVisible } from '../../lib/poll';
import { Badge } from '../../ui/Badge';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { LoadState } from '../../ui/LoadState';
import { PageHeader } from '../../ui/PageHeader';
import { TableCard } from '../../ui/TableCard';
import { toast } from '../../ui/Toast';
import { createLoaded } from '../monitoring/load';
import { deployNow, listDeployments, readStatus } from './api';
import { DeploymentDialog, livePollMs } from './DeploymentDialog';
import { durationOf, isActive, shortCommit, sourceLabel, statusLook } from './look';
import { SetupPanel } from './SetupPanel';
import type { DeployStatusView } from './types';

export default function DeploysPage() {
  const status = createLoaded(readStatus);
  const history = createLoaded(listDeployments);
  const [open, setOpen] = createSignal<string | null>(null);
  const [starting, setStarting] = createSignal(false);

  const reload = () => {
    void status.reload();
    void history.reload();
  };
  const running = () =>
    Boolean(status.value()?.running) || (history.value() ?? []).some((deployment) => isActive(deployment));
  pollWhileVisible(() => {
    if (running()) reload();
  }, livePollMs);
  pollWhileVisible(reload, pollMs);

  const start = async () => {
    setStarting(true);
    try {
      const started = await deployNow();
      if (started.queued) toast('A deploy is running; this one runs right after it.');
      else if (started.deployment) {
        toast(`Deploying ${shortCommit(started.deployment.toCommit)}`);
        setOpen(started.deployment.id);
      }
      reload();
    } catch (error) {
      toast(error instanceof ApiError ? error.message : 'Could not start the deploy.', 'danger');
    } finally {
      setStarting(false);
    }
  };

  return (
    <div class="flex flex-col gap-6">
      <PageHeader
        title="Deploys"
        description="Deploy the homelab from git: only changed services restart, and a failed health check rolls back."
        actions={
          <Button
            icon="i-ph-rocket-launch"
            busy={starting()}
            disabled={status.value()?.configured !== true}
            onClick={() => void start()}
          >
            Deploy now
          </Button>
        }
      />
      <Card title="Running now" icon="i-ph-git-commit">
        <LoadState load={status} what="deploy status" isEmpty={() => false}>
          {(s) => <StatusView status={s} onOpen={setOpen} />}
        </LoadState>
      </Card>
      <TableCard
        title="History"
        icon="i-ph-clock-counter-clockwise"
        load={history}
        what="deploys"
        caption="Deploy history, newest first"
        empty={{
          title: 'No deploys yet',
          icon: 'i-ph-git-branch',
          body: 'Deploys appear here when a push arrives, polling sees the branch move, or you press Deploy now.',
        }}
        columns={[
          { label: 'When' },
          { label: 'Source' },
          { label: 'Commits' },
          { label: 'Services' },
          { label: 'Status' },
          { label: 'Duration' },
          { label: 'Actions', hidden: true },
        ]}
        minWidth="min-w-[52rem]"
      >
        {(d) => (
          <tr>
            <th
              scope="row"
              class="py-2 pr-4 text-left font-normal text-ink"
              title={formatDateTime(d.startedAt)}
            >
              {formatRelative(d.startedAt)}
            </th>
            <td class="py-2 pr-4 text-ink-muted">
              {sourceLabel[d.source]}
              <Show when={d.triggeredBy}>
                <div class="text-xs">{d.triggeredBy}</div>
              </Show>
            </td>
            <td class="py-2 pr-4 font-mono text-ink">
              {shortCommit(d.fromCommit)} → {shortCommit(d.toCommit)}
            </td>
            <td class="py-2 pr-4 text-ink-muted">{d.services.length ? d.services.join(', ') : 'none'}</td>
            <td class="py-2 pr-4">
              <Badge tone={statusLook[d.status].tone} icon={statusLook[d.status].icon}>
                {statusLook[d.status].text}
              </Badge>
              <Show when={d.error}>
                <div class="max-w-80 text-xs text-danger-300">{d.error}</div>
              </Show>
            </td>
            <td class="py-2 pr-4 text-ink-muted">{durationOf(d)}</td>
            <td class="py-2">
              <Button
                size="sm"
                variant="ghost"
                icon="i-ph-scroll"
                aria-label={`Log of the deploy to ${shortCommit(d.toCommit)} (${formatDateTime(d.startedAt)})`}
                onClick={() => setOpen(d.id)}
              >
                Log
              </Button>
            </td>
          </tr>
        )}
      </TableCard>
      <Show when={status.value()}>{(s) => <SetupPanel status={s()} />}</Show>
      <DeploymentDialog id={open()} onClose={() => setOpen(null)} />
    </div>
  );
}

function StatusView(props: { status: DeployStatusView; onOpen: (id: string) => void }) {
  const s = () => props.status;
  return (
    <Show
      when={s().configured}
      fallback={
        <p class="text-sm text-ink">
          Not configured: deploys from git are off until <code class="font-mono">DEPLOY_REPO_DIR</code> is
          set. See Setup below.
        </p>
      }
    >
      <div class="flex flex-col gap-3 text-sm">
        <Show when={s().problem}>
          <Banner tone="danger" title="The checkout cannot be read">
            {s().problem}
          </Banner>
        </Show>
        <dl class="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1">
          <dt class="text-ink-muted">Branch</dt>
          <dd class="font-mono text-ink">{s().branch}</dd>
          <dt class="text-ink-muted">Commit</dt>
          <dd class="text-ink">
            <span class="font-mono">{shortCommit(s().currentCommit)}</span>
            <Show when={s().currentSubject}> {s().currentSubject}</Show>
          </dd>
          <dt class="text-ink-muted">Checkout</dt>
          <dd class="font-mono text-ink">{s().repoDir}</dd>
          <dt class="text-ink-muted">Polling</dt>
          <dd class="text-ink">
            {s().pollSeconds > 0 ? `every ${s().pollSeconds} seconds` : 'off (webhook and Deploy now only)'}
          </dd>
          <dt class="text-ink-muted">Last deploy</dt>
          <dd class="text-ink">
            <Show when={s().lastDeployment} fallback="none yet">
              {(last) => (
                <>
                  <Badge tone={statusLook[last().status].tone} icon={statusLook[last().status].icon}>
                    {statusLook[last().status].text}
                  </Badge>{' '}
                  {formatRelative(last().finishedAt ?? last().startedAt)}
                </>
              )}
            </Show>
          </dd>
        </dl>
        <Show when={s().running}>
          {(run) => (
            <div role="status" class="flex flex-wrap items-center gap-2">
              <Badge tone="info" icon="i-ph-spinner">
                Deploying {shortCommit(run().toCommit)}: {statusLook[run().status].text}
              </Badge>
              <Show when={s().queued}>
                <span class="text-ink-muted">Another deploy is queued after it.</span>
              </Show>
              <Button size="sm" variant="ghost" icon="i-ph-scroll" onClick={() => props.onOpen(run().id)}>
                Watch the log
              </Button>
            </div>
          )}
        </Show>
      </div>
    </Show>
  );
}
