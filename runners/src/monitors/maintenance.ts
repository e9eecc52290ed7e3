/**
 * Maintenance windows: stored in PostgreSQL, held in memory by the runner (reloaded with the
 * monitors) so every check can ask "is this monitor under maintenance now?" without a query.
 */
import type { Sql } from 'postgres';
import { HttpError } from '../internal/errors';

export type MaintenanceWindow = {
  id: string;
  name: string;
  startsAt: string;
  endsAt: string;
  monitorIds: string[];
  tags: string[];
  createdAt: string;
};

const columns = (sql: Sql) => sql`
  id, name, to_json(starts_at) #>> '{}' as "startsAt", to_json(ends_at) #>> '{}' as "endsAt",
  monitor_ids as "monitorIds", tags, to_json(created_at) #>> '{}' as "createdAt"`;

export function listMaintenance(sql: Sql) {
  return sql<MaintenanceWindow[]>`select ${columns(sql)} from maintenance_windows order by starts_at desc`;
}

/** Windows not over yet: the ones checks need to know about. */
export function currentMaintenance(sql: Sql) {
  return sql<MaintenanceWindow[]>`select ${columns(sql)} from maintenance_windows where ends_at > now()`;
}

export async function createMaintenance(
  sql: Sql,
  input: { name: string; startsAt: string; endsAt: string; monitorIds: string[]; tags: string[] },
) {
  const [row] = await sql<MaintenanceWindow[]>`
    insert into maintenance_windows (name, starts_at, ends_at, monitor_ids, tags)
    values (${input.name}, ${input.startsAt}, ${input.endsAt}, ${input.monitorIds}::uuid[], ${input.tags}::text[])
    returning ${columns(sql)}`;
  return row!;
}

export async function deleteMaintenance(sql: Sql, id: string) {
  const result = await sql`delete from maintenance_windows where id = ${id}`;
  if (result.count === 0) throw new HttpError(404, 'maintenance_not_found', `No maintenance window ${id}.`);
}

/** True when a window covers the monitor at `at`: by id, by tag, or every monitor when it names neither. */
export function covers(window: MaintenanceWindow, monitor: { id: string; tags: string[] }, at: number) {
  if (at < Date.parse(window.startsAt) || at >= Date.parse(window.endsAt)) return false;
  if (window.monitorIds.length === 0 && window.tags.length === 0) return true;
  return window.monitorIds.includes(monitor.id) || window.tags.some((tag) => monitor.tags.includes(tag));
}
