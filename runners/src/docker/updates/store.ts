/** The container_updates table in SQL: one row per update, written as the update moves on. */
import type { ContainerUpdate } from '@homelab/db/docker-updates';
import type { Sql } from 'postgres';

type Row = {
  id: string;
  container: string;
  image: string;
  from_image_id: string | null;
  to_image_id: string | null;
  snapshots: { volume: string; snapshot: string }[];
  status: ContainerUpdate['status'];
  error: string | null;
  started_by: string | null;
  started_at: Date;
  finished_at: Date | null;
};

/** First key of the advisory lock an update holds; the second is the container name's hash. */
export const lockNamespace = 21_872;

export type StoredUpdate = Omit<ContainerUpdate, 'progress'>;

function toUpdate(row: Row): StoredUpdate {
  return {
    id: row.id,
    container: row.container,
    image: row.image,
    fromImageId: row.from_image_id,
    toImageId: row.to_image_id,
    snapshots: row.snapshots,
    status: row.status,
    error: row.error,
    startedBy: row.started_by,
    startedAt: new Date(row.started_at).toISOString(),
    finishedAt: row.finished_at ? new Date(row.finished_at).toISOString() : null,
  };
}

export async function insertUpdate(
  sql: Sql,
  fields: { container: string; image: string; fromImageId: string; startedBy: string | null },
): Promise<StoredUpdate> {
  const [row] = await sql<Row[]>`
    insert into container_updates (container, image, from_image_id, started_by)
    values (${fields.container}, ${fields.image}, ${fields.fromImageId}, ${fields.startedBy})
    returning *`;
  return toUpdate(row!);
}

export async function patchUpdate(
  sql: Sql,
  id: string,
  fields: Partial<Pick<StoredUpdate, 'toImageId' | 'snapshots' | 'status' | 'error'>>,
): Promise<void> {
  const finished = fields.status && fields.status !== 'updating';
  await sql`
    update container_updates set
      to_image_id = coalesce(${fields.toImageId ?? null}, to_image_id),
      snapshots = coalesce(${fields.snapshots ? JSON.stringify(fields.snapshots) : null}::jsonb, snapshots),
      status = coalesce(${fields.status ?? null}, status),
      error = coalesce(${fields.error ?? null}, error),
      finished_at = ${finished ? sql`now()` : sql`finished_at`}
    where id = ${id}`;
}

export async function findUpdate(sql: Sql, id: string): Promise<StoredUpdate | null> {
  const [row] = await sql<Row[]>`select * from container_updates where id = ${id}`;
  return row ? toUpdate(row) : null;
}

export async function listUpdates(
  sql: Sql,
  container: string | undefined,
  limit: number,
): Promise<StoredUpdate[]> {
  const rows = await sql<Row[]>`
    select * from container_updates
    where ${container ? sql`container = ${container}` : sql`true`}
    order by started_at desc limit ${limit}`;
  return rows.map(toUpdate);
}

/**
 * Rows left "updating" by a runner that stopped mid-update: no session holds their advisory lock any
 * more (it died with the runner's connection), so nothing is working on them.
 */
export async function failAbandonedUpdates(sql: Sql): Promise<number> {
  const rows = await sql`
    update container_updates u set status = 'failed', finished_at = now(),
      error = 'The runner stopped during this update; check the container and its -rollback- copy.'
    where u.status = 'updating' and not exists (
      select 1 from pg_locks l
      where l.locktype = 'advisory' and l.objsubid = 2
        and l.classid = ${lockNamespace}::oid and l.objid = hashtext(u.container)::oid)
    returning u.id`;
  return rows.length;
}
