/**
 * Deploy from git through the whole stack: a real bare "remote" and the host's checkout (the deploy
 * runner's test repo), and a stand-in `docker` first on PATH that hands its arguments to the repo's
 * stand-in compose (records its calls, reports health as told). A signed GitHub push deploys only
 * functions; a bad signature is refused; a Gitea push whose services report unhealthy is rolled back
 * to the previous commit. The page shows the history and the log, and passes axe.
 */
import { createHmac } from 'node:crypto';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestRepo, type TestRepo } from '../../runners/src/deploy/test-repo';
import { seriousViolations } from '../support/axe';
import { launchBrowser, signedInPage } from '../support/browser';
import { artifacts, startTestStack } from '../support/stack';
import { until } from '../support/until';
import { signedInAs } from '../support/users';

const secret = 'e2e-deploy-secret-0123456789abcdef';
let repo: TestRepo;
let stack: Awaited<ReturnType<typeof startTestStack>>;
let api: Awaited<ReturnType<typeof signedInAs>>;

function pushCommit(file: string, text: string, message: string) {
  const commit = repo.commit({ [file]: text }, message);
  repo.push();
  return commit;
}

async function hook(raw: string, headers: Record<string, string>) {
  const res = await fetch(`${stack.url}/webhooks/deploy`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: raw,
  });
  return { status: res.status, json: await res.json() };
}

const pushPayload = (after: string) =>
  JSON.stringify({ ref: 'refs/heads/main', after, pusher: { name: 'octocat' }, commits: [] });
const sign = (raw: string, key = secret) => createHmac('sha256', key).update(raw).digest('hex');

async function finished(toCommit: string) {
  const res = await until(
    `the deploy of ${toCommit.slice(0, 7)}`,
    () => api.call('GET', '/api/deploy/deployments'),
    (r) =>
      r.json.deployments?.some(
        (d: { toCommit: string; finishedAt: string | null }) => d.toCommit === toCommit && d.finishedAt,
      ),
  );
  return res.json.deployments.find((d: { toCommit: string }) => d.toCommit === toCommit);
}

beforeAll(async () => {
  repo = createTestRepo();
  const bin = path.join(repo.root, 'bin');
  mkdirSync(bin);
  // The runners call `docker compose -f <file> <args>`: the repo's stand-in compose gets the args.
  const compose = repo.compose.map((arg) => `"${arg}"`).join(' ');
  writeFileSync(path.join(bin, 'docker'), `#!/bin/sh\nshift 3\nexec ${compose} "$@"\n`);
  chmodSync(path.join(bin, 'docker'), 0o755);
  stack = await startTestStack({
    adminUrl: inject('e2eAdminUrl'),
    label: 'deploy',
    env: {
      DEPLOY_REPO_DIR: repo.checkout,
      DEPLOY_POLL_SECONDS: '0',
      DEPLOY_WEBHOOK_SECRET: secret,
      PATH: `${bin}:${process.env.PATH}`,
    },
  });
  api = await signedInAs(stack, 'owner', 'deploy-owner');
});
afterAll(async () => {
  await stack?.stop();
  repo?.remove();
});

describe('deploy from git through the stack', () => {
  it('shows the checkout it deploys from', async () => {
    const status = await api.call('GET', '/api/deploy/status');
    expect(status.status).toBe(200);
    expect(status.json).toMatchObject({
      configured: true,
      branch: 'main',
      currentCommit: repo.head(),
      currentSubject: 'first',
      webhook: { url: `${stack.url}/webhooks/deploy`, configured: true },
    });
  });

  it('deploys a signed GitHub push, restarting only functions', async () => {
    const to = pushCommit('functions/src/app.ts', 'v2', 'change functions');
    const raw = pushPayload(to);
    const accepted = await hook(raw, {
      'x-github-event': 'push',
      'x-hub-signature-256': `sha256=${sign(raw)}`,
    });
    expect(accepted.status).toBe(202);

    const deploy = await finished(to);
    expect(deploy).toMatchObject({ source: 'webhook', status: 'succeeded', services: ['functions'] });
    expect(repo.head()).toBe(to);
    expect(repo.composeCalls()).toEqual([
      'build functions',
      'up -d --no-deps functions',
      'ps --all --format json functions',
    ]);
  });

  it('refuses a push signed with the wrong secret', async () => {
    const raw = pushPayload('f'.repeat(40));
    const refused = await hook(raw, {
      'x-gitea-event': 'push',
      'x-gitea-signature': sign(raw, 'not-the-secret-0123456789'),
    });
    expect(refused.status).toBe(401);
  });

  it('rolls a Gitea push back to the previous commit when the services report unhealthy', async () => {
    const from = repo.head();
    repo.reportUnhealthy();
    const to = pushCommit('functions/src/app.ts', 'broken', 'break functions');
    const raw = pushPayload(to);
    expect((await hook(raw, { 'x-gitea-event': 'push', 'x-gitea-signature': sign(raw) })).status).toBe(202);

    const deploy = await finished(to);
    expect(deploy.status).toBe('rolled_back');
    expect(deploy.error).toMatch(/Health check failed/);
    expect(repo.head()).toBe(from);
    const detail = await api.call('GET', `/api/deploy/deployments/${deploy.id}`);
    expect(detail.json.log).toContain(`Rolled back to ${from.slice(0, 7)}`);
  });

  it('shows the history and a deploy log on the page, accessibly', async () => {
    const browser = await launchBrowser();
    try {
      const page = await signedInPage(browser, stack.url, api.cookie!);
      await page.goto(`${stack.url}/deploys`);
      await page.getByRole('row').filter({ hasText: 'Rolled back' }).first().waitFor({ timeout: 30_000 });
      expect(await seriousViolations(page)).toEqual([]);
      await page
        .getByRole('button', { name: /^Log of the deploy to/ })
        .first()
        .click();
      await page
        .getByRole('dialog', { name: 'Deploy log' })
        .getByText(/Rolled back to/)
        .first()
        .waitFor();
      await page.screenshot({ path: path.join(artifacts, 'deploys.png'), fullPage: true });
      expect(await seriousViolations(page)).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
