/**
 * /docker/stacks: compose projects found on the engine, with their containers; start, stop or
 * restart a whole stack, read its compose files, and redeploy it (`compose up -d`) with the output shown.
 */
import { A } from '@solidjs/router';
import { createResource, createSignal, For, Match, Show, Switch } from 'solid-js';
import { ApiError } from '../../api/client';
import { plural } from '../../lib/format';
import { usePageTitle } from '../../lib/title';
import { Badge, type Tone } from '../../ui/Badge';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { CodeBlock } from '../../ui/CodeBlock';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { Dialog } from '../../ui/Dialog';
import { ErrorState } from '../../ui/ErrorState';
import { LiveBadge } from '../../ui/LiveBadge';
import { Skeleton } from '../../ui/Skeleton';
import { toast } from '../../ui/Toast';
import { getStackCompose, listStacks, redeployStack, runStackAction } from './api';
import { describeState } from './containers';
import { DockerHeader } from './DockerHeader';
import { createDockerList } from './docker-list';
import { messageOf } from './errors';
import { ListPanel } from './ListPanel';
import type { Stack, StackAction, StackRedeploy } from './types';

const statusLook: Record<Stack['status'], { tone: Tone; text: string }> = {
  running: { tone: 'ok', text: 'Running' },
  partial: { tone: 'warn', text: 'Partly running' },
  stopped: { tone: 'neutral', text: 'Stopped' },
};

const stackActions: readonly { action: StackAction; label: string; done: string; icon: string }[] = [
  { action: 'start', label: 'Start', done: 'started', icon: 'i-ph-play' },
  { action: 'stop', label: 'Stop', done: 'stopped', icon: 'i-ph-stop' },
  { action: 'restart', label: 'Restart', done: 'restarted', icon: 'i-ph-arrows-clockwise' },
];

function ComposeDialog(props: { stack: string | null; onClose: () => void }) {
  const [compose] = createResource(() => props.stack, getStackCompose);
  return (
    <Dialog
      open={props.stack !== null}
      onClose={props.onClose}
      title={`Compose files of ${props.stack ?? ''}`}
      size="xl"
    >
      <Switch>
        <Match when={compose.error}>
          <ErrorState title="Could not read the compose files" message={messageOf(compose.error, '')} />
        </Match>
        <Match when={compose.loading}>
          <Skeleton lines={8} label="Reading the compose files…" />
        </Match>
        <Match when={compose()}>
          {(result) => (
            <div class="flex flex-col gap-4">
              <Show when={result().files.length === 0}>
                <p class="text-sm text-ink-muted">The stack's labels name no compose file.</p>
              </Show>
              <For each={result().files}>
                {(file) => (
                  <section class="flex flex-col gap-2">
                    <h3 class="break-all font-mono text-sm text-ink">{file.path}</h3>
                    <Show
                      when={file.content !== null}
                      fallback={
                        <Banner tone="warn" title="Not readable">
                          {file.error ?? 'The runner cannot read this file (is its folder mounted?).'}
                        </Banner>
                      }
                    >
                      <CodeBlock label={file.path} code={file.content!} copy="compose file" />
                    </Show>
                  </section>
                )}
              </For>
            </div>
          )}
        </Match>
      </Switch>
      <div class="flex justify-end">
        <Button onClick={props.onClose}>Close</Button>
      </div>
    </Dialog>
  );
}

function RedeployResult(props: {
  result: { stack: string; answer: StackRedeploy } | null;
  onClose: () => void;
}) {
  return (
    <Dialog
      open={props.result !== null}
      onClose={props.onClose}
      title={`Redeploy of ${props.result?.stack ?? ''}`}
      size="xl"
    >
      <Show when={props.result}>
        {(r) => (
          <>
            <Banner
              tone={r().answer.exitCode === 0 ? 'ok' : 'danger'}
              title={
                r().answer.exitCode === 0
                  ? 'Redeployed'
                  : `docker compose exited with code ${r().answer.exitCode}`
              }
            />
            <CodeBlock
              label="Output of docker compose up"
              code={r().answer.output || '(no output)'}
              copy="output"
            />
          </>
        )}
      </Show>
      <div class="flex justify-end">
        <Button onClick={props.onClose}>Close</Button>
      </div>
    </Dialog>
  );
}

export default function StacksPage() {
  usePageTitle('Stacks');
  const stacks = createDockerList(listStacks, { refreshOn: ['container'] });
  const [pending, setPending] = createSignal<Record<string, StackAction | 'redeploy'>>({});
  const [viewing, setViewing] = createSignal<string | null>(null);
  const [redeploying, setRedeploying] = createSignal<string | null>(null);
  const [redeployError, setRedeployError] = createSignal<string | null>(null);
  const [result, setResult] = createSignal<{ stack: string; answer: StackRedeploy } | null>(null);

  const mark = (name: string, value: StackAction | 'redeploy' | null) =>
    setPending((map) => {
      const next = { ...map };
      if (value) next[name] = value;
      else delete next[name];
      return next;
    });

  const act = async (stack: Stack, item: (typeof stackActions)[number]) => {
    mark(stack.name, item.action);
    try {
      await runStackAction(stack.name, item.action);
      toast(`Stack ${stack.name} ${item.done}`);
      void stacks.reload();
    } catch (error) {
      toast(`Could not ${item.action} ${stack.name}: ${messageOf(error, 'no answer')}`, 'danger');
    } finally {
      mark(stack.name, null);
    }
  };

  const redeploy = async () => {
    const name = redeploying();
    if (!name) return;
    mark(name, 'redeploy');
    setRedeployError(null);
    try {
      const answer = await redeployStack(name);
      setRedeploying(null);
      setResult({ stack: name, answer });
      void stacks.reload();
    } catch (error) {
      setRedeployError(
        error instanceof ApiError && error.code === 'compose_unavailable'
          ? `${error.message} Redeploying needs the docker compose plugin and the stack's files on the runners host.`
          : messageOf(error, 'Could not redeploy.'),
      );
    } finally {
      mark(name, null);
    }
  };

  return (
    <>
      <DockerHeader
        title="Stacks"
        description="Compose projects on this engine, whoever started them."
        actions={<LiveBadge state={stacks.stream()} what="Container events" />}
      />
      <ListPanel
        list={stacks}
        what="stacks"
        empty={{
          title: 'No compose stacks',
          icon: 'i-ph-stack',
          body: 'Containers started with docker compose are grouped here by their project name.',
        }}
      >
        {(items) => (
          <div class="grid gap-4 lg:grid-cols-2">
            <For each={items}>
              {(stack) => (
                <Card
                  title={stack.name}
                  icon="i-ph-stack"
                  actions={
                    <Badge tone={statusLook[stack.status].tone}>{statusLook[stack.status].text}</Badge>
                  }
                >
                  <p class="break-all text-xs text-ink-muted">
                    {stack.workingDir ?? 'Working directory unknown'} ·{' '}
                    {stack.containers.filter((c) => c.state === 'running').length} of{' '}
                    {plural(stack.containers.length, 'container')} running
                  </p>
                  <ul class="flex flex-col divide-y divide-space-600/60 text-sm">
                    <For each={stack.containers}>
                      {(c) => (
                        <li class="flex items-center justify-between gap-3 py-1.5">
                          <A
                            href={`/docker/containers/${encodeURIComponent(c.id)}`}
                            class="text-ink hover:underline"
                          >
                            {c.service ?? c.name}
                            <span class="sr-only"> container</span>
                          </A>
                          <Badge tone={describeState(c).tone}>{describeState(c).text}</Badge>
                        </li>
                      )}
                    </For>
                  </ul>
                  <div class="flex flex-wrap gap-2">
                    <For each={stackActions}>
                      {(item) => (
                        <Button
                          size="sm"
                          icon={item.icon}
                          busy={pending()[stack.name] === item.action}
                          disabled={
                            pending()[stack.name] !== undefined && pending()[stack.name] !== item.action
                          }
                          aria-label={`${item.label} stack ${stack.name}`}
                          onClick={() => void act(stack, item)}
                        >
                          {item.label}
                        </Button>
                      )}
                    </For>
                    <Button
                      size="sm"
                      icon="i-ph-file-code"
                      aria-label={`Compose files of ${stack.name}`}
                      onClick={() => setViewing(stack.name)}
                    >
                      Compose file
                    </Button>
                    <Button
                      size="sm"
                      icon="i-ph-rocket-launch"
                      busy={pending()[stack.name] === 'redeploy'}
                      aria-label={`Redeploy stack ${stack.name}`}
                      onClick={() => {
                        setRedeployError(null);
                        setRedeploying(stack.name);
                      }}
                    >
                      Redeploy
                    </Button>
                  </div>
                </Card>
              )}
            </For>
          </div>
        )}
      </ListPanel>
      <ComposeDialog stack={viewing()} onClose={() => setViewing(null)} />
      <ConfirmDialog
        open={redeploying() !== null}
        title={`Redeploy ${redeploying() ?? ''}?`}
        description="Runs docker compose up -d with the stack's files: changed services are recreated, which restarts them."
        confirmLabel="Redeploy"
        variant="primary"
        busy={redeploying() !== null && pending()[redeploying()!] === 'redeploy'}
        error={redeployError()}
        onConfirm={() => void redeploy()}
        onCancel={() => setRedeploying(null)}
      />
      <RedeployResult result={result()} onClose={() => setResult(null)} />
    </>
  );
}
