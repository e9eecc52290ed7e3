/** SQL for runner_status: the supervisor's upsert of each runner's state, read by functions and the UI. */
import type { RunnerState } from '@homelab/db/schema';
import type { Sql } from 'postgres';

export type RunnerStatusRow = {
  name: string;
  state: RunnerState;
  restarts: number;
  startedAt: string | null;
  lastError: string | null;
  detail: Record<string, unknown> | null;
};

/**
 * One statement for every runner, so a heartbeat costs one round trip; heartbeat_at is PostgreSQL's
 * clock. The rows travel as JSON text: the pool is drizzle's, which turns postgres.js's own JSON and
 * date serializers off.
 */
export async function writeRunnerStatus(sql: Sql, rows: RunnerStatusRow[]) {
  if (rows.length === 0) return;
  const records = rows.map((row) => ({
    name: row.name,
    state: row.state,
    restarts: row.restarts,
    started_at: row.startedAt,
    last_error: row.lastError,
    detail: row.detail,
  }));
  await sql`
    insert into runner_status (name, state, restarts, started_at, last_error, detail, heartbeat_at)
    select r.name, r.state, r.restarts, r.started_at, r.last_error, r.detail, now()
    from jsonb_to_recordset(${JSON.stringify(records)}::jsonb) as r(
      name text, state text, restarts int, started_at timestamptz, last_error text, detail jsonb
    )
    on conflict (name) do update set
      state = excluded.state,
      restarts = excluded.restarts,
      started_at = excluded.started_at,
      last_error = excluded.last_error,
      detail = excluded.detail,
      heartbeat_at = excluded.heartbeat_at`;
}
