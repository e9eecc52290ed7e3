/**
 * The deploy runner's routes over a real PostgreSQL and a real git checkout: history rows written as
 * deploys run, a trigger during a deploy queued as the next one, polling, and the off state.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { toErrorResponse } from '../internal/errors';
import { createLogger } from '../log';
import { privateDatabaseUrl, testPool } from '../testing/database';
import { createDeployRoutes } from './routes';
import { createDeployService, type DeployService, pollOnce } from './service';
import { closeInterrupted, insertDeployment, updateDeployment } from './store';
import { createTestRepo, type TestRepo } from './test-repo';

let pool: ReturnType<typeof testPool>;
let repo: TestRepo;
let service: DeployService;
let routes: ReturnType<typeof createDeployRoutes>;
const log = createLogger({ level: 'error' });

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON
type Json = Record<string, any>;

async function call(method: string, path: string, body?: unknown) {
  try {
    const res = await routes.request(path, {
      method,
      headers: body ? { 'content-type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, body: (await res.json()) as Json };
  } catch (error) {
    const { status, body: answer } = toErrorResponse(error);
    return { status, body: answer as Json };
  }
}

beforeAll(async () => {
  pool = testPool(await privateDatabaseUrl());
});

afterAll(async () => {
  await pool.sql.end();
});

beforeEach(async () => {
  await pool.sql`delete from deployments`;
  repo = createTestRepo();
  service = createDeployService(
    pool.sql,
    log,
    { repoDir: repo.checkout, branch: 'main', pollSeconds: 0 },
    { compose: repo.compose, healthIntervalMs: 10 },
  );
  routes = createDeployRoutes({ sql: pool.sql, service });
});

afterEach(async () => {
  await service.queue?.idle();
  repo.remove();
});

describe('the deploy runner', () => {
  it('records a manual deploy from start to finish, with its services and log', async () => {
    const from = repo.head();
    const to = repo.commit({ 'functions/src/app.ts': 'v2' }, 'change functions');
    repo.push();

    const started = await call('POST', '/deployments', { source: 'manual', triggeredBy: 'owner' });
    expect(started.status).toBe(202);
    expect(started.body.queued).toBe(false);
    expect(started.body.deployment).toMatchObject({ source: 'manual', fromCommit: from, toCommit: to });
    await service.queue!.idle();

    const detail = await call('GET', `/deployments/${started.body.deployment.id}`);
    expect(detail.body).toMatchObject({
      status: 'succeeded',
      services: ['functions'],
      triggeredBy: 'owner',
      error: null,
    });
    expect(detail.body.finishedAt).not.toBeNull();
    expect(detail.body.log).toContain('up -d --no-deps functions');

    const status = await call('GET', '/status');
    expect(status.body).toMatchObject({
      configured: true,
      branch: 'main',
      currentCommit: to,
      currentSubject: 'change functions',
      running: null,
      queued: false,
    });
    expect(status.body.lastDeployment.id).toBe(started.body.deployment.id);
  });

  it('records a rolled back deploy with its error', async () => {
    const from = repo.head();
    repo.commit({ 'functions/src/app.ts': 'broken' }, 'break');
    repo.push();
    repo.reportUnhealthy();

    const started = await call('POST', '/deployments', { source: 'webhook', triggeredBy: 'push by octocat' });
    await service.queue!.idle();

    const detail = await call('GET', `/deployments/${started.body.deployment.id}`);
    expect(detail.body.status).toBe('rolled_back');
    expect(detail.body.error).toMatch(/Health check failed/);
    expect(repo.head()).toBe(from);
  });

  it('queues a trigger that arrives while a deploy runs and runs it next, once', async () => {
    repo.commit({ 'functions/src/app.ts': 'v2' }, 'one');
    repo.push();
    const first = call('POST', '/deployments', {});
    const second = await call('POST', '/deployments', { source: 'webhook' });
    const third = await call('POST', '/deployments', { source: 'webhook' });
    expect([second.body.queued, third.body.queued]).toEqual([true, true]);
    expect((await first).body.queued).toBe(false);
    await service.queue!.idle();

    const list = await call('GET', '/deployments');
    expect(list.body.deployments.map((d: { source: string }) => d.source)).toEqual(['webhook', 'manual']);
  });

  it('polls the remote and deploys when the branch moved, but not a commit that already failed', async () => {
    expect(await pollOnce(pool.sql, service.settings, service.queue!)).toBe(false);

    const to = repo.commit({ 'runners/src/main.ts': 'v2' }, 'runners');
    repo.push();
    repo.reportUnhealthy();
    expect(await pollOnce(pool.sql, service.settings, service.queue!)).toBe(true);
    await service.queue!.idle();
    const [row] = (await call('GET', '/deployments')).body.deployments;
    expect(row).toMatchObject({ source: 'poll', toCommit: to, status: 'rolled_back' });

    expect(await pollOnce(pool.sql, service.settings, service.queue!)).toBe(false);
  });

  it('says how to turn deploys on when no checkout is configured', async () => {
    const off = createDeployService(pool.sql, log, { branch: 'main', pollSeconds: 300 });
    routes = createDeployRoutes({ sql: pool.sql, service: off });

    const status = await call('GET', '/status');
    expect(status.body).toMatchObject({ configured: false, repoDir: null, pollSeconds: 0 });
    const refused = await call('POST', '/deployments', {});
    expect(refused.status).toBe(503);
    expect(refused.body.error.message).toMatch(/DEPLOY_REPO_DIR/);
  });

  it('after a restart, finishes a deploy that restarted the runners and fails one cut off earlier', async () => {
    const head = repo.head();
    const restarted = await insertDeployment(pool.sql, {
      source: 'webhook',
      branch: 'main',
      fromCommit: 'a'.repeat(40),
      toCommit: head,
      triggeredBy: null,
    });
    await updateDeployment(pool.sql, restarted, { status: 'restarting', services: ['runners'] });
    const cutOff = await insertDeployment(pool.sql, {
      source: 'poll',
      branch: 'main',
      fromCommit: head,
      toCommit: 'b'.repeat(40),
      triggeredBy: null,
    });
    await updateDeployment(pool.sql, cutOff, { status: 'building' });

    await closeInterrupted(pool.sql, head);

    expect((await call('GET', `/deployments/${restarted}`)).body).toMatchObject({ status: 'succeeded' });
    const failed = (await call('GET', `/deployments/${cutOff}`)).body;
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/Interrupted/);
  });

  it('answers 404 for a deployment that does not exist', async () => {
    const missing = await call('GET', '/deployments/00000000-0000-4000-8000-000000000000');
    expect(missing.status).toBe(404);
  });
});
