/**
 * One deploy in detail: its commits, services, outcome and the steps' log, which follows the deploy
 * live (re-read every two seconds) while it runs.
 */
import { Show } from 'solid-js';
import { formatDateTime } from '../../lib/format';
import { pollWhileVisible } from '../../lib/poll';
import { Badge } from '../../ui/Badge';
import { CodeBlock } from '../../ui/CodeBlock';
import { Dialog } from '../../ui/Dialog';
import { LoadState } from '../../ui/LoadState';
import { createLoaded } from '../monitoring/load';
import { readDeployment } from './api';
import { durationOf, isActive, shortCommit, sourceLabel, statusLook } from './look';

export const livePollMs = 2_000;

export function DeploymentDialog(props: { id: string | null; onClose: () => void }) {
  return (
    <Dialog open={props.id !== null} onClose={props.onClose} title="Deploy log" size="xl">
      <Show when={props.id} keyed>
        {(id) => <DeploymentDetail id={id} />}
      </Show>
    </Dialog>
  );
}

function DeploymentDetail(props: { id: string }) {
  const deployment = createLoaded(() => readDeployment(props.id));
  pollWhileVisible(() => {
    const current = deployment.value();
    if (current && isActive(current)) void deployment.reload();
  }, livePollMs);

  return (
    <LoadState load={deployment} what="deploy" isEmpty={() => false}>
      {(d) => (
        <div class="flex flex-col gap-4 text-sm">
          <dl class="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1">
            <dt class="text-ink-muted">Status</dt>
            <dd>
              <Badge tone={statusLook[d.status].tone} icon={statusLook[d.status].icon}>
                {statusLook[d.status].text}
              </Badge>
              <Show when={isActive(d)}>
                <span class="ml-2 text-ink-muted">Updating live</span>
              </Show>
            </dd>
            <dt class="text-ink-muted">Commits</dt>
            <dd class="font-mono text-ink">
              {shortCommit(d.fromCommit)} → {shortCommit(d.toCommit)} on {d.branch}
            </dd>
            <dt class="text-ink-muted">Services</dt>
            <dd class="text-ink">{d.services.length ? d.services.join(', ') : 'None restarted'}</dd>
            <dt class="text-ink-muted">Started</dt>
            <dd class="text-ink">
              {formatDateTime(d.startedAt)} by {sourceLabel[d.source]}
              {d.triggeredBy ? ` (${d.triggeredBy})` : ''}, {durationOf(d)}
            </dd>
          </dl>
          <Show when={d.error}>
            <p
              role="alert"
              class="rounded-control border border-danger-400/50 bg-danger-500/15 px-3 py-2 text-ink"
            >
              {d.error}
            </p>
          </Show>
          <CodeBlock
            label={`Log of the deploy to ${shortCommit(d.toCommit)}`}
            code={d.log || '(no output yet)'}
            copy="deploy log"
          />
        </div>
      )}
    </LoadState>
  );
}
