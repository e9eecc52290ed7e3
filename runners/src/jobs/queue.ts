/** SQL of the jobs table as a queue: claiming with SKIP LOCKED, finishing, retrying, and reclaiming jobs lost in a crash. */
import type { Sql } from 'postgres';

export type ClaimedJob = {
  id: number;
  runner: string;
  kind: string;
  payload: Record<string, unknown>;
  attempts: number;
  maxAttempts: number;
  requestId: string | null;
};

type JobRow = {
  id: string;
  runner: string;
  kind: string;
  payload: Record<string, unknown> | null;
  attempts: number;
  max_attempts: number;
  request_id: string | null;
};

/**
 * Takes the oldest due job of a runner, or null. SKIP LOCKED lets any number of workers claim at
 * once without waiting on each other or taking the same job; attempts counts the try here, so a
 * job that kills the process mid-run still uses up its attempts.
 */
export async function claimJob(sql: Sql, runner: string): Promise<ClaimedJob | null> {
  const [row] = await sql<JobRow[]>`
    update jobs set status = 'running', started_at = now(), finished_at = null, attempts = attempts + 1
    where id = (
      select id from jobs
      where runner = ${runner} and status = 'queued' and run_after <= now()
      order by id
      for update skip locked
      limit 1
    )
    returning id, runner, kind, payload, attempts, max_attempts, request_id`;
  if (!row) return null;
  return {
    id: Number(row.id),
    runner: row.runner,
    kind: row.kind,
    payload: row.payload ?? {},
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    requestId: row.request_id,
  };
}

export async function completeJob(sql: Sql, id: number) {
  await sql`
    update jobs set status = 'done', finished_at = now(), last_error = null
    where id = ${id} and status = 'running'`;
}

export async function retryJob(sql: Sql, id: number, error: string, retryInMs: number) {
  await sql`
    update jobs set status = 'queued', last_error = ${error},
      run_after = now() + ${retryInMs} * interval '1 millisecond'
    where id = ${id} and status = 'running'`;
}

export async function failJob(sql: Sql, id: number, error: string) {
  await sql`
    update jobs set status = 'failed', finished_at = now(), last_error = ${error}
    where id = ${id} and status = 'running'`;
}

/** Gives back a job interrupted by our own shutdown, without charging it an attempt. */
export async function releaseJob(sql: Sql, id: number) {
  await sql`
    update jobs set status = 'queued', started_at = null, attempts = greatest(attempts - 1, 0)
    where id = ${id} and status = 'running'`;
}

/**
 * Jobs left 'running' by a process that died mid-job go back to the queue (or to 'failed' once
 * their attempts are used up, so a job that crashes the runner cannot loop forever).
 */
export async function requeueStuckJobs(sql: Sql, stuckAfterMs: number) {
  const rows = await sql<{ id: string; status: string }[]>`
    update jobs set
      status = case when attempts >= max_attempts then 'failed' else 'queued' end,
      finished_at = case when attempts >= max_attempts then now() end,
      run_after = now(),
      last_error = ${`Interrupted: still running after ${Math.round(stuckAfterMs / 60_000)} minutes (the runner probably crashed).`}
    where status = 'running' and started_at < now() - ${stuckAfterMs} * interval '1 millisecond'
    returning id, status`;
  return rows.map((row) => ({ id: Number(row.id), status: row.status }));
}

export type QueueStats = { depth: number; oldestQueuedAt: string | null; failed24h: number; running: number };

export async function queueStats(sql: Sql): Promise<QueueStats> {
  // Formatted in SQL: drizzle's pool hands timestamps back as PostgreSQL's text, not as Dates.
  const [row] = await sql<{ depth: number; oldest: string | null; failed24h: number; running: number }[]>`
    select
      count(*) filter (where status = 'queued')::int as depth,
      to_char(min(created_at) filter (where status = 'queued') at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
        as oldest,
      count(*) filter (where status = 'failed' and finished_at > now() - interval '24 hours')::int as failed24h,
      count(*) filter (where status = 'running')::int as running
    from jobs
    where status in ('queued', 'running') or (status = 'failed' and finished_at > now() - interval '24 hours')`;
  return {
    depth: row?.depth ?? 0,
    oldestQueuedAt: row?.oldest ?? null,
    failed24h: row?.failed24h ?? 0,
    running: row?.running ?? 0,
  };
}
