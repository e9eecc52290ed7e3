/**
 * How deploys from git are set up: the variables that turn them on, and the push webhook's URL with
 * what to enter in GitHub and in Gitea.
 */
import { Show } from 'solid-js';
import { Badge } from '../../ui/Badge';
import { Card } from '../../ui/Card';
import { CodeBlock } from '../../ui/CodeBlock';
import { CopyButton } from '../../ui/CopyButton';
import type { DeployStatusView } from './types';

export const envExample = [
  '# .env next to docker-compose.yml; the runners need the checkout, git and the Docker socket',
  'DEPLOY_REPO_DIR=/srv/homelab          # the checkout on the host (absolute path)',
  'DEPLOY_BRANCH=main                    # the branch to deploy',
  'DEPLOY_POLL_SECONDS=300               # check the remote every 5 minutes; 0 turns polling off',
  'DEPLOY_WEBHOOK_SECRET=<openssl rand -hex 32>',
  '# DEPLOY_COMPOSE_FILE=/srv/homelab/docker-compose.yml   (the default)',
].join('\n');

export function SetupPanel(props: { status: DeployStatusView }) {
  const hook = () => props.status.webhook;
  return (
    <Card title="Setup" icon="i-ph-plugs-connected">
      <div class="flex flex-col gap-3 text-sm">
        <Show when={!props.status.configured}>
          <p class="text-ink">
            Deploys from git are off. Set <code class="font-mono">DEPLOY_REPO_DIR</code> on the runners to the
            checkout on the host and restart them; the page then shows its branch and commit.
          </p>
          <CodeBlock label="Variables that turn on deploys" code={envExample} copy="deploy variables" />
        </Show>
        <h3 class="font-medium text-ink">Push webhook</h3>
        <div class="flex flex-wrap items-center gap-2">
          <code class="break-all rounded bg-black/30 px-2 py-1 font-mono text-ink">{hook().url}</code>
          <CopyButton text={hook().url} what="deploy webhook URL" />
          <Show
            when={hook().configured}
            fallback={
              <Badge tone="warn" icon="i-ph-warning">
                No secret set
              </Badge>
            }
          >
            <Badge tone="ok" icon="i-ph-check">
              Secret configured
            </Badge>
          </Show>
        </div>
        <Show when={!hook().configured}>
          <p class="text-ink-muted">
            Set <code class="font-mono">DEPLOY_WEBHOOK_SECRET</code> (e.g. <code>openssl rand -hex 32</code>)
            for functions and restart; until then the webhook answers 503 and only polling deploys.
          </p>
        </Show>
        <ul class="flex list-disc flex-col gap-1 pl-5 text-ink-muted">
          <li>
            <span class="text-ink">GitHub</span>: Settings → Webhooks → Add webhook. Payload URL as above,
            content type <code>application/json</code>, the secret, "Just the push event". GitHub sends{' '}
            <code>{hook().githubHeader}</code> and a ping that should answer 200.
          </li>
          <li>
            <span class="text-ink">Gitea</span>: Settings → Webhooks → Add webhook → Gitea. Target URL as
            above, POST, content type <code>application/json</code>, the secret, trigger on push events,
            branch filter <code>{hook().branch}</code>. Gitea signs with <code>{hook().giteaHeader}</code>.
          </li>
          <li>
            Only pushes to {hook().branch} deploy; other branches and events are acknowledged and ignored.
          </li>
        </ul>
      </div>
    </Card>
  );
}
