/**
 * Faults on a stack of its own (its own embedded PostgreSQL, so it can be stopped): the database
 * going away and coming back, and the runners going away with work queued for them.
 */
import path from 'node:path';
import { startEmbeddedPostgres } from '@homelab/infra/database';
import { root } from '@homelab/infra/test/admin';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSignedIn } from '../support/browser';
import { client } from '../support/http';
import { freePort } from '../support/ports';
import { artifacts, startTestStack } from '../support/stack';
import { until } from '../support/until';

type Started = Awaited<ReturnType<typeof startTestStack>>;

describe('faults', () => {
  let pg: Awaited<ReturnType<typeof startEmbeddedPostgres>>;
  let stack: Started;
  const owner = { username: 'faults', password: 'faults password 123' };
  let api: ReturnType<typeof client>;

  beforeAll(async () => {
    pg = await startEmbeddedPostgres({
      root,
      dataDir: path.join(root, '.data', 'e2e', 'faults-postgres'),
      port: await freePort(),
      password: 'faults-admin-password',
    });
    stack = await startTestStack({ adminUrl: pg.adminUrl, label: 'faults' });
    api = client(stack.url);
    expect((await api.call('POST', '/api/auth/setup', owner)).status).toBe(201);
  });

  afterAll(async () => {
    await stack?.stop();
    await pg?.pg.stop();
  });

  it('says the database is down while PostgreSQL is stopped, keeps running, and recovers by itself', async () => {
    const pids = [stack.processes.functions.pid, stack.processes.runners.pid];
    await pg.pg.stop();

    const down = await until(
      'health while PostgreSQL is stopped',
      () => api.call('GET', '/api/health'),
      (r) => r.status === 503,
    );
    expect(down.json.status).toBe('down');
    expect(down.json.database.ok).toBe(false);

    const me = await api.call('GET', '/api/auth/me');
    expect(me.status).toBe(503);
    expect(me.json.error.code).toBe('database_unavailable');
    expect(JSON.stringify(me.json)).not.toMatch(/at .*\.(ts|js):\d+/);

    // What the owner sees meanwhile: a page that says so, not a blank screen.
    const { browser, page } = await openSignedIn(stack.url, api.cookie!);
    await page.getByText(/database is not answering/i).waitFor({ timeout: 15_000 });
    await page.screenshot({ path: path.join(artifacts, 'database-down.png'), fullPage: true });

    await new Promise((r) => setTimeout(r, 2_000));
    expect(stack.processes.functions.exitCode).toBeNull();
    expect(stack.processes.runners.exitCode).toBeNull();

    await pg.pg.start();
    const up = await until(
      'health after PostgreSQL returns',
      () => api.call('GET', '/api/health'),
      (r) => r.json?.status === 'ok',
    );
    expect(up.status).toBe(200);
    expect((await api.call('GET', '/api/auth/me')).status).toBe(200);
    expect([stack.processes.functions.pid, stack.processes.runners.pid]).toEqual(pids);
    // The open page recovers without a reload.
    try {
      await page.getByRole('heading', { name: 'Overview' }).waitFor({ timeout: 30_000 });
    } finally {
      await browser.close();
    }
  });

  it('answers at once when the runners are down, queues work for them and runs it when they return', async () => {
    stack.processes.runners.kill('SIGKILL');
    await until(
      'runners exit',
      async () => stack.processes.runners.exitCode ?? stack.processes.runners.signalCode,
      (v) => v !== null,
    );

    const started = Date.now();
    const latest = await api.call('GET', '/api/system/metrics/latest');
    expect(latest.status).toBe(503);
    expect(latest.json.error.code).toBe('runner_unavailable');
    expect(latest.json.error.message).toMatch(/system runner is not connected/);
    expect(Date.now() - started).toBeLessThan(3_000);

    const queued = await api.call('POST', '/api/system/metrics/compact');
    expect(queued.status).toBe(202);

    const degraded = await until(
      'health with runners down',
      () => api.call('GET', '/api/health'),
      (r) => r.json?.runners?.ok === false,
    );
    expect(degraded.status).toBe(200);
    expect(degraded.json.status).toBe('degraded');
    expect(degraded.json.runners.runners.find((r: { name: string }) => r.name === 'system').state).toBe(
      'stopped',
    );
    expect(degraded.json.runners.queue.depth).toBeGreaterThanOrEqual(1);
    expect(degraded.json.runners.queue.oldestQueuedAt).not.toBeNull();

    const { browser, page } = await openSignedIn(stack.url, api.cookie!);
    await page.getByText('Runners not connected').waitFor({ timeout: 15_000 });
    await page.getByText('System runner not connected').waitFor();
    expect(await page.getByText('System runner not connected').count()).toBe(1);
    await page.screenshot({ path: path.join(artifacts, 'runners-down.png'), fullPage: true });

    await stack.restartRunners();
    const sql = postgres(stack.ownerUrl, { max: 1 });
    try {
      const job = await until(
        'queued job to run',
        async () => (await sql`select status from jobs where id = ${queued.json.jobId}`)[0]?.status,
        (s) => s === 'done',
      );
      expect(job).toBe('done');
    } finally {
      await sql.end();
    }
    await until(
      'health after runners return',
      () => api.call('GET', '/api/health'),
      (r) => r.json?.status === 'ok',
    );
    // The open page picks the live stream back up by itself.
    try {
      await page.getByRole('status').filter({ hasText: 'Live' }).waitFor({ timeout: 45_000 });
      await page.getByRole('meter', { name: /^Core 1$/ }).waitFor();
    } finally {
      await browser.close();
    }
  });
});
