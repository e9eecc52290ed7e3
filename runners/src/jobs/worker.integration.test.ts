import type { Pool } from '@homelab/db/client/pool';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../log';
import type { JobContext, JobHandler } from '../runner';
import { testPool, uniqueName } from '../testing/database';
import { sleep, waitFor } from '../testing/helpers';
import { createJobWorker, type JobWorkerOptions } from './worker';

let pool: Pool;
const workers: ReturnType<typeof createJobWorker>[] = [];
const log = createLogger({ level: 'error' });

beforeAll(() => {
  pool = testPool();
});
afterEach(async () => {
  await Promise.all(workers.splice(0).map((worker) => worker.stop()));
});
afterAll(async () => {
  await pool.sql.end({ timeout: 5 });
});

function startWorker(
  runner: string,
  handlers: Record<string, JobHandler> | (() => Record<string, JobHandler> | undefined),
  options: Partial<JobWorkerOptions> = {},
) {
  const handlersFor = typeof handlers === 'function' ? handlers : () => handlers;
  const worker = createJobWorker({
    sql: pool.sql,
    log,
    handlersFor: (name) => (name === runner ? handlersFor() : undefined),
    runningRunners: () => (handlersFor() ? [runner] : []),
    pollMs: 100,
    retry: { baseMs: 100, maxMs: 1_000 },
    ...options,
  });
  workers.push(worker);
  worker.start();
  return worker;
}

type JobRow = {
  id: string;
  status: string;
  attempts: number;
  last_error: string | null;
  finished_at: string | null;
};

async function enqueue(
  runner: string,
  kind: string,
  payload: object = {},
  extra: { maxAttempts?: number; requestId?: string } = {},
) {
  const [row] = await pool.sql<{ id: string }[]>`
    insert into jobs (runner, kind, payload, max_attempts, request_id)
    values (${runner}, ${kind}, ${JSON.stringify(payload)}::jsonb, ${extra.maxAttempts ?? 5}, ${extra.requestId ?? null})
    returning id`;
  return Number(row!.id);
}

async function job(id: number) {
  const [row] = await pool.sql<
    JobRow[]
  >`select id, status, attempts, last_error, finished_at from jobs where id = ${id}`;
  return row!;
}

describe('job worker', () => {
  it('runs a job as soon as functions NOTIFY, and marks it done', async () => {
    const runner = uniqueName('notify');
    const seen: { payload: unknown; ctx: JobContext }[] = [];
    // A poll far in the future: only LISTEN/NOTIFY can explain a prompt pickup.
    startWorker(runner, { greet: (payload, ctx) => void seen.push({ payload, ctx }) }, { pollMs: 60_000 });
    await sleep(300);
    const id = await enqueue(runner, 'greet', { name: 'Ada' }, { requestId: 'req-7' });
    await pool.sql`select pg_notify('jobs', ${runner})`;
    expect(await waitFor(async () => (await job(id)).status === 'done', 3_000)).toBe(true);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.payload).toEqual({ name: 'Ada' });
    expect(seen[0]?.ctx).toMatchObject({
      id,
      runner,
      kind: 'greet',
      attempt: 1,
      maxAttempts: 5,
      requestId: 'req-7',
    });
    const row = await job(id);
    expect(row).toMatchObject({ status: 'done', attempts: 1, last_error: null });
    expect(row.finished_at).not.toBeNull();
  });

  it('retries a failing job with growing delays and marks it failed after max attempts', async () => {
    const runner = uniqueName('retry');
    const tries: number[] = [];
    startWorker(runner, {
      flaky: () => {
        tries.push(Date.now());
        throw new Error(`boom ${tries.length}`);
      },
    });
    const id = await enqueue(runner, 'flaky', {}, { maxAttempts: 3 });
    expect(await waitFor(async () => (await job(id)).status === 'failed', 8_000)).toBe(true);
    expect(tries).toHaveLength(3);
    // retry schedule 100 ms then 200 ms (the poll adds up to 100 ms on top).
    expect(tries[1]! - tries[0]!).toBeGreaterThanOrEqual(95);
    expect(tries[2]! - tries[1]!).toBeGreaterThanOrEqual(195);
    expect(await job(id)).toMatchObject({ status: 'failed', attempts: 3, last_error: 'Error: boom 3' });
    await sleep(400);
    expect(tries).toHaveLength(3);
  });

  it('keeps the error of a failed try and finishes the job when a retry succeeds', async () => {
    const runner = uniqueName('recover');
    let calls = 0;
    startWorker(runner, {
      once: () => {
        calls += 1;
        if (calls === 1) throw new Error('temporary');
      },
    });
    const id = await enqueue(runner, 'once');
    expect(
      await waitFor(async () => (await job(id)).attempts === 1 && (await job(id)).status === 'queued', 3_000),
    ).toBe(true);
    expect((await job(id)).last_error).toBe('Error: temporary');
    expect(await waitFor(async () => (await job(id)).status === 'done', 3_000)).toBe(true);
    expect(await job(id)).toMatchObject({ attempts: 2, last_error: null });
  });

  it('fails a job of an unknown kind at once, saying which kinds exist', async () => {
    const runner = uniqueName('kinds');
    startWorker(runner, { compact: () => {} });
    const id = await enqueue(runner, 'reboot');
    expect(await waitFor(async () => (await job(id)).status === 'failed', 3_000)).toBe(true);
    expect(await job(id)).toMatchObject({
      attempts: 1,
      last_error: `The ${runner} runner has no handler for job kind "reboot" (it handles: "compact").`,
    });
  });

  it('lets two workers drain one queue with each job taken exactly once', async () => {
    const runner = uniqueName('skip');
    const ids = await Promise.all(Array.from({ length: 40 }, (_, i) => enqueue(runner, 'count', { i })));
    const taken: { worker: string; id: number }[] = [];
    const second = testPool();
    const handler = (worker: string) => ({
      count: async (_: unknown, ctx: JobContext) => {
        taken.push({ worker, id: ctx.id });
        await sleep(5);
      },
    });
    startWorker(runner, handler('a'));
    const other = createJobWorker({
      sql: second.sql,
      log,
      handlersFor: (name) => (name === runner ? handler('b') : undefined),
      runningRunners: () => [runner],
      pollMs: 100,
    });
    other.start();
    try {
      const done = async () => {
        const [row] = await pool.sql<{ n: number }[]>`
          select count(*)::int as n from jobs where runner = ${runner} and status = 'done'`;
        return row!.n === 40;
      };
      expect(await waitFor(done, 10_000)).toBe(true);
    } finally {
      await other.stop();
      await second.sql.end({ timeout: 5 });
    }
    expect(taken.map((t) => t.id).sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(taken.map((t) => t.id)).size).toBe(40);
    expect(taken.some((t) => t.worker === 'a')).toBe(true);
    expect(taken.some((t) => t.worker === 'b')).toBe(true);
  });

  it('puts jobs stuck in running for over ten minutes back in the queue, or fails them if out of attempts', async () => {
    const runner = uniqueName('stuck');
    const [retry, spent] = await pool.sql<{ id: string }[]>`
      insert into jobs (runner, kind, status, attempts, max_attempts, started_at)
      values (${runner}, 'work', 'running', 1, 3, now() - interval '11 minutes'),
             (${runner}, 'work', 'running', 3, 3, now() - interval '11 minutes')
      returning id`;
    const fresh = await pool.sql<{ id: string }[]>`
      insert into jobs (runner, kind, status, attempts, started_at)
      values (${runner}, 'work', 'running', 1, now() - interval '1 minute') returning id`;
    const ran: number[] = [];
    startWorker(runner, { work: (_, ctx) => void ran.push(ctx.id) });
    const retryId = Number(retry!.id);
    expect(await waitFor(async () => (await job(retryId)).status === 'done', 3_000)).toBe(true);
    expect(await job(retryId)).toMatchObject({ attempts: 2, last_error: null });
    expect(await job(Number(spent!.id))).toMatchObject({ status: 'failed', attempts: 3 });
    expect((await job(Number(spent!.id))).last_error).toMatch(/^Interrupted: still running after 10 minutes/);
    expect((await job(Number(fresh[0]!.id))).status).toBe('running');
    expect(ran).toEqual([retryId]);
  });

  it('gives a job cut short by shutdown back to the queue without using up an attempt', async () => {
    const runner = uniqueName('shutdown');
    let started = false;
    const worker = startWorker(
      runner,
      {
        long: (_, ctx) =>
          new Promise((_resolve, reject) => {
            started = true;
            ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason));
          }),
      },
      { shutdownGraceMs: 50 },
    );
    const id = await enqueue(runner, 'long');
    expect(await waitFor(() => started, 3_000)).toBe(true);
    expect((await job(id)).status).toBe('running');
    await worker.stop();
    expect(await job(id)).toMatchObject({ status: 'queued', attempts: 0, last_error: null });
  });

  it('leaves the jobs of a runner that is down queued, and runs them when it comes up', async () => {
    const runner = uniqueName('down');
    let up = false;
    const worker = startWorker(runner, () => (up ? { work: () => {} } : undefined));
    const id = await enqueue(runner, 'work');
    await pool.sql`select pg_notify('jobs', ${runner})`;
    await sleep(300);
    expect(await job(id)).toMatchObject({ status: 'queued', attempts: 0 });
    up = true;
    worker.wake(runner);
    expect(await waitFor(async () => (await job(id)).status === 'done', 3_000)).toBe(true);
  });
});
