/** The deployments table: one row per deploy, its status and log kept current while it runs. */
import type { Deployment, DeploymentSource, DeploymentStatus, DeploymentSummary } from '@homelab/db/deploy';
import type { Sql } from 'postgres';

/** The log column keeps the end of the output, where a failure shows. */
export const logLimit = 64 * 1024;

export function cutLog(text: string): string {
  if (text.length <= logLimit) return text;
  const kept = text.slice(-logLimit);
  const lineStart = kept.indexOf('\n');
  return `[earlier output cut]\n${lineStart >= 0 ? kept.slice(lineStart + 1) : kept}`;
}

type Row = {
  id: string;
  source: DeploymentSource;
  branch: string;
  fromCommit: string | null;
  toCommit: string;
  status: DeploymentStatus;
  services: string[];
  error: string | null;
  triggeredBy: string | null;
  // Dates, or strings where the connection does not parse timestamps (the dbpool's clients).
  startedAt: Date | string;
  finishedAt: Date | string | null;
  log?: string;
};

const summaryColumns = (sql: Sql) =>
  sql`id, source, branch, from_commit as "fromCommit", to_commit as "toCommit", status, services, error,
      triggered_by as "triggeredBy", started_at as "startedAt", finished_at as "finishedAt"`;

function toSummary(row: Row): DeploymentSummary {
  return {
    id: row.id,
    source: row.source,
    branch: row.branch,
    fromCommit: row.fromCommit,
    toCommit: row.toCommit,
    status: row.status,
    services: row.services,
    error: row.error,
    triggeredBy: row.triggeredBy,
    startedAt: new Date(row.startedAt).toISOString(),
    finishedAt: row.finishedAt === null ? null : new Date(row.finishedAt).toISOString(),
  };
}

export async function insertDeployment(
  sql: Sql,
  input: {
    source: DeploymentSource;
    branch: string;
    fromCommit: string | null;
    toCommit: string;
    triggeredBy: string | null;
  },
): Promise<string> {
  const [row] = await sql<{ id: string }[]>`
    insert into deployments (source, branch, from_commit, to_commit, triggered_by)
    values (${input.source}, ${input.branch}, ${input.fromCommit}, ${input.toCommit}, ${input.triggeredBy})
    returning id`;
  return row!.id;
}

export async function updateDeployment(
  sql: Sql,
  id: string,
  change: {
    status?: DeploymentStatus;
    services?: string[];
    log?: string;
    error?: string | null;
    finished?: boolean;
  },
) {
  await sql`
    update deployments set
      status = coalesce(${change.status ?? null}, status),
      services = coalesce(${change.services ?? null}::text[], services),
      log = coalesce(${change.log === undefined ? null : cutLog(change.log)}, log),
      error = case when ${change.error !== undefined} then ${change.error ?? null} else error end,
      finished_at = case when ${change.finished === true} then now() else finished_at end
    where id = ${id}`;
}

export async function listDeployments(sql: Sql, limit: number): Promise<DeploymentSummary[]> {
  const rows = await sql<Row[]>`
    select ${summaryColumns(sql)} from deployments order by started_at desc, id desc limit ${limit}`;
  return rows.map(toSummary);
}

export async function findDeployment(sql: Sql, id: string): Promise<Deployment | null> {
  const [row] = await sql<Row[]>`select ${summaryColumns(sql)}, log from deployments where id = ${id}`;
  return row ? { ...toSummary(row), log: row.log ?? '' } : null;
}

/** Whether this commit was tried already and failed: polling does not retry it every interval. */
export async function commitFailedBefore(sql: Sql, commit: string): Promise<boolean> {
  const [row] = await sql<{ n: number }[]>`
    select count(*)::int as n from deployments
    where to_commit = ${commit} and status in ('rolled_back', 'failed')`;
  return (row?.n ?? 0) > 0;
}

/**
 * Rows a restart left mid-deploy. Restarting the runners service restarts this process, so a deploy
 * that reached "restarting" with the checkout at its commit is finished by the runners coming back;
 * anything else was cut off and is failed.
 */
export async function closeInterrupted(sql: Sql, head: string | null): Promise<void> {
  await sql`
    update deployments set status = 'succeeded', finished_at = now(),
      log = right(log || ${'\nThe runners restarted on the new commit and came back up.\n'}, ${logLimit})
    where status = 'restarting' and to_commit = ${head ?? ''}`;
  await sql`
    update deployments set status = 'failed', finished_at = now(),
      error = 'Interrupted: the runners stopped during this deploy. Check the services and deploy again.'
    where status in ('pending', 'building', 'migrating', 'restarting')`;
}
