/**
 * Deploy from git through the whole stack: a real bare "remote" and the host's checkout made here,
 * and a stand-in `docker` first on PATH (records its calls, reports health as told). A signed GitHub
 * push deploys only functions; a bad signature is refused; a Gitea push whose services report
 * unhealthy is rolled back to the previous commit. The page shows the history and the log, and passes axe.
 */
import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { seriousViolations } from '../support/axe';
import { launchBrowser } from '../support/browser';
import { artifacts, startTestStack } from '../support/stack';
import { until } from '../support/until';
import { signedInAs } from '../support/users';

const secret = 'e2e-deploy-secret-0123456789abcdef';
const root = mkdtempSync(path.join(tmpdir(), 'e2e-deploy-'));
const remote = path.join(root, 'remote.git');
const seed = path.join(root, 'seed');
const checkout = path.join(root, 'checkout');
const bin = path.join(root, 'bin');
const dockerLog = path.join(root, 'docker.log');
let stack: Awaited<ReturnType<typeof startTestStack>>;
let api: Awaited<ReturnType<typeof signedInAs>>;

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=E2E', '-c', 'user.email=e2e@example.com', ...args], {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();

function pushCommit(file: string, text: string, message: string) {
  mkdirSync(path.dirname(path.join(seed, file)), { recursive: true });
  writeFileSync(path.join(seed, file), text);
  git(seed, 'add', '-A');
  git(seed, 'commit', '--quiet', '-m', message);
  git(seed, 'push', '--quiet', 'origin', 'HEAD:main');
  return git(seed, 'rev-parse', 'HEAD');
}

const dockerCalls = () => (existsSync(dockerLog) ? readFileSync(dockerLog, 'utf8').trim().split('\n') : []);

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
  git(root, 'init', '--quiet', '--bare', '--initial-branch=main', remote);
  git(root, 'clone', '--quiet', remote, seed);
  git(seed, 'checkout', '--quiet', '-b', 'main');
  pushCommit('functions/src/app.ts', 'v1', 'first');
  git(root, 'clone', '--quiet', '--branch', 'main', remote, checkout);
  mkdirSync(bin);
  // `docker compose -f <file> <args>`: records the args; `ps` lists the services asked about.
  writeFileSync(
    path.join(bin, 'docker'),
    `#!/bin/sh
shift 3
echo "$*" >> "${dockerLog}"
if [ "$1" = "ps" ]; then
  shift 4
  health=healthy
  [ -f "${root}/unhealthy" ] && health=unhealthy
  for s in "$@"; do echo "{\\"Service\\":\\"$s\\",\\"State\\":\\"running\\",\\"Health\\":\\"$health\\"}"; done
fi
exit 0
`,
  );
  chmodSync(path.join(bin, 'docker'), 0o755);
  stack = await startTestStack({
    adminUrl: inject('e2eAdminUrl'),
    label: 'deploy',
    env: {
      DEPLOY_REPO_DIR: checkout,
      DEPLOY_POLL_SECONDS: '0',
      DEPLOY_WEBHOOK_SECRET: secret,
      PATH: `${bin}:${process.env.PATH}`,
    },
  });
  api = await signedInAs(stack, 'owner', 'deploy-owner');
});
afterAll(async () => {
  await stack?.stop();
  rmSync(root, { recursive: true, force: true });
});

describe('deploy from git through the stack', () => {
  it('shows the checkout it deploys from', async () => {
    const status = await api.call('GET', '/api/deploy/status');
    expect(status.status).toBe(200);
    expect(status.json).toMatchObject({
      configured: true,
      branch: 'main',
      currentCommit: git(checkout, 'rev-parse', 'HEAD'),
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
    expect(git(checkout, 'rev-parse', 'HEAD')).toBe(to);
    expect(dockerCalls()).toEqual([
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
    const from = git(checkout, 'rev-parse', 'HEAD');
    writeFileSync(path.join(root, 'unhealthy'), '');
    const to = pushCommit('functions/src/app.ts', 'broken', 'break functions');
    const raw = pushPayload(to);
    expect((await hook(raw, { 'x-gitea-event': 'push', 'x-gitea-signature': sign(raw) })).status).toBe(202);

    const deploy = await finished(to);
    expect(deploy.status).toBe('rolled_back');
    expect(deploy.error).toMatch(/Health check failed/);
    expect(git(checkout, 'rev-parse', 'HEAD')).toBe(from);
    const detail = await api.call('GET', `/api/deploy/deployments/${deploy.id}`);
    expect(detail.json.log).toContain(`Rolled back to ${from.slice(0, 7)}`);
  });

  it('shows the history and a deploy log on the page, accessibly', async () => {
    const browser = await launchBrowser();
    try {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const [name, value] = api.cookie!.split('=');
      await context.addCookies([{ name: name!, value: value!, url: stack.url }]);
      const page = await context.newPage();
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
