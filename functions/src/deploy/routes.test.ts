/**
 * /api/deploy relays to the deploy runner with members reading and owners deploying; /webhooks/deploy
 * starts a deploy only for a push to the configured branch signed the way GitHub or Gitea sign it,
 * answers pings, and audits every call.
 */
import { createHmac } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, owner } from '../../test/harness';
import { memberCookie, recordingRunner } from '../monitors/testing';

const secret = 'deploy-webhook-secret-0123456789';
const hmac = (raw: string, key = secret) => createHmac('sha256', key).update(raw).digest('hex');

const push = (ref = 'refs/heads/main') =>
  JSON.stringify({
    ref,
    before: 'a'.repeat(40),
    after: 'b'.repeat(40),
    pusher: { name: 'octocat', email: 'octocat@example.com' },
    commits: [],
  });

function github(raw: string, event = 'push', key = secret) {
  return {
    raw,
    cookie: null,
    headers: {
      'content-type': 'application/json',
      'x-github-event': event,
      'x-hub-signature-256': `sha256=${hmac(raw, key)}`,
    },
  };
}

function gitea(raw: string, key = secret) {
  return {
    raw,
    cookie: null,
    headers: {
      'content-type': 'application/json',
      'x-gitea-event': 'push',
      'x-gitea-signature': hmac(raw, key),
    },
  };
}

describe('deploy', () => {
  const runner = recordingRunner();
  let h: Awaited<ReturnType<typeof createHarness>>;
  let sql: postgres.Sql;
  const deployCalls = () =>
    runner.seen.filter((call) => call.method === 'POST' && call.url === '/deploy/deployments');

  beforeAll(async () => {
    h = await createHarness({ RUNNERS_URL: await runner.listen(), DEPLOY_WEBHOOK_SECRET: secret });
    expect((await h.call('POST', '/api/auth/setup', { body: owner })).status).toBe(201);
    sql = postgres(h.ownerUrl, { max: 2, onnotice: () => {} });
  });
  afterAll(async () => {
    await sql.end();
    await runner.close();
  });
  beforeEach(() => {
    runner.seen.length = 0;
    runner.reply({ status: 202, body: { queued: false, deployment: null } });
  });

  describe('the push webhook', () => {
    it('starts a deploy for a GitHub push to the branch, naming the pusher and commit', async () => {
      const res = await h.call('POST', '/webhooks/deploy', github(push()));
      expect(res.status).toBe(202);
      expect(res.json).toEqual({ accepted: true, queued: false });
      expect(deployCalls()).toHaveLength(1);
      expect(deployCalls()[0]!.signed).toBe(true);
      expect(JSON.parse(deployCalls()[0]!.body)).toEqual({
        source: 'webhook',
        triggeredBy: 'push by octocat (bbbbbbb)',
        wait: false,
      });
    });

    it('starts a deploy for a Gitea push signed with X-Gitea-Signature', async () => {
      runner.reply({ status: 202, body: { queued: true, deployment: null } });
      const res = await h.call('POST', '/webhooks/deploy', gitea(push()));
      expect(res.status).toBe(202);
      expect(res.json.queued).toBe(true);
      expect(deployCalls()).toHaveLength(1);
    });

    it('refuses a wrong signature or none, from either platform, without deploying', async () => {
      const raw = push();
      const wrongGithub = await h.call(
        'POST',
        '/webhooks/deploy',
        github(raw, 'push', 'another-secret-0123456789'),
      );
      const wrongGitea = await h.call('POST', '/webhooks/deploy', gitea(raw, 'another-secret-0123456789'));
      const tampered = github(raw);
      const changed = await h.call('POST', '/webhooks/deploy', {
        ...tampered,
        raw: push('refs/heads/other'),
      });
      const unsigned = await h.call('POST', '/webhooks/deploy', {
        raw,
        cookie: null,
        headers: { 'content-type': 'application/json', 'x-github-event': 'push' },
      });
      expect([wrongGithub.status, wrongGitea.status, changed.status, unsigned.status]).toEqual([
        401, 401, 401, 401,
      ]);
      expect(deployCalls()).toHaveLength(0);
      const [row] = await sql<{ outcome: string; actor_kind: string }[]>`
        select outcome, actor_kind from audit_log where action = 'deploy.webhook' order by id desc limit 1`;
      expect(row).toEqual({ outcome: 'denied', actor_kind: 'anonymous' });
    });

    it('acknowledges a push to another branch without deploying', async () => {
      const res = await h.call('POST', '/webhooks/deploy', github(push('refs/heads/feature')));
      expect(res.status).toBe(200);
      expect(res.json.ignored).toMatch(/refs\/heads\/main/);
      expect(deployCalls()).toHaveLength(0);
    });

    it("answers GitHub's ping so the webhook shows as working", async () => {
      const res = await h.call(
        'POST',
        '/webhooks/deploy',
        github(JSON.stringify({ zen: 'Keep it simple.' }), 'ping'),
      );
      expect(res.status).toBe(200);
      expect(res.json).toEqual({ ok: true, event: 'ping' });
      expect(deployCalls()).toHaveLength(0);
    });

    it('ignores other events, such as issues, even when signed', async () => {
      const res = await h.call(
        'POST',
        '/webhooks/deploy',
        github(JSON.stringify({ action: 'opened' }), 'issues'),
      );
      expect(res.status).toBe(200);
      expect(deployCalls()).toHaveLength(0);
    });
  });

  describe('/api/deploy', () => {
    it('lets members read the status and history, with the webhook to configure', async () => {
      runner.reply((call) =>
        call.url === '/deploy/status'
          ? {
              status: 200,
              body: {
                configured: true,
                repoDir: '/srv/homelab',
                branch: 'main',
                currentCommit: 'c'.repeat(40),
                currentSubject: 'Fix',
                pollSeconds: 300,
                running: null,
                queued: false,
                lastDeployment: null,
                problem: null,
              },
            }
          : { status: 200, body: { deployments: [] } },
      );
      const member = await memberCookie(h);
      const status = await h.call('GET', '/api/deploy/status', { cookie: member });
      expect(status.status).toBe(200);
      expect(status.json.webhook).toMatchObject({
        url: 'http://127.0.0.1:8787/webhooks/deploy',
        configured: true,
      });
      expect((await h.call('GET', '/api/deploy/deployments?limit=5', { cookie: member })).status).toBe(200);
      expect(runner.seen.at(-1)!.url).toBe('/deploy/deployments?limit=5');
      expect((await h.call('POST', '/api/deploy/deployments', { cookie: member })).status).toBe(403);
      expect(deployCalls()).toHaveLength(0);
    });

    it('lets the owner deploy now, audited, with their name on the deploy', async () => {
      const res = await h.call('POST', '/api/deploy/deployments');
      expect(res.status).toBe(202);
      expect(JSON.parse(deployCalls()[0]!.body)).toMatchObject({
        source: 'manual',
        triggeredBy: owner.username,
      });
      const [row] = await sql<{ outcome: string }[]>`
        select outcome from audit_log where action = 'deploy.start' order by id desc limit 1`;
      expect(row?.outcome).toBe('success');
    });

    it('says how to turn deploys on when the runner has no checkout', async () => {
      runner.reply({
        status: 503,
        body: {
          error: { code: 'not_configured', message: 'Deploys from git are off: set DEPLOY_REPO_DIR.' },
        },
      });
      const res = await h.call('POST', '/api/deploy/deployments');
      expect(res.status).toBe(503);
      expect(res.json.error.message).toMatch(/DEPLOY_REPO_DIR/);
    });
  });
});
