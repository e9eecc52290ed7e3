/**
 * Custom command and counter operations shared by the runners (`!cmd`, `!counter`, `$(count)`) and
 * functions (the studio's editor): what a command may be called, whether a name is free within a
 * tenant (names and aliases alike, and never a built-in's), and counters changed in one statement.
 */

import { sql } from 'drizzle-orm';
import { builtinNames } from './builtins';
import { type AnyDb, rows } from './sql';

/** A command name or alias as stored: lowercase, without the `!`. */
export const commandNamePattern = /^[a-z0-9_-]{1,40}$/;

/** `!Hello` → `hello`; null when it cannot be a command name. */
export function normalizeCommandName(raw: string): string | null {
  const name = raw.trim().replace(/^!/, '').toLowerCase();
  return commandNamePattern.test(name) ? name : null;
}

/** Names custom commands may never take (the built-ins answer them first). */
export function isBuiltinName(name: string): boolean {
  return builtinNames.has(name) || name === 'commands';
}

/**
 * The first of `names` that is already a built-in, or the name or an alias of another of the
 * tenant's commands (not `exceptId`, the command being edited); null when all are free.
 */
export async function commandNameTaken(
  db: AnyDb,
  tenantId: string,
  names: string[],
  exceptId?: string,
): Promise<string | null> {
  const builtin = names.find(isBuiltinName);
  if (builtin) return builtin;
  if (names.length === 0) return null;
  const [taken] = await rows<{ name: string }>(
    db,
    sql`select n as name from bot_commands c, unnest(array[c.name] || c.aliases) n
        where c.tenant_id = ${tenantId}
          and n in (select jsonb_array_elements_text(${JSON.stringify(names)}::text::jsonb))
          and (${exceptId ?? null}::uuid is null or c.id <> ${exceptId ?? null}::uuid)
        limit 1`,
  );
  return taken?.name ?? null;
}

/** A counter name (`$(count deaths)`, `!counter deaths`). */
export const counterNamePattern = /^[\p{L}\p{N}_-]{1,40}$/u;

export type CounterChange = { add: number } | { set: number };

/** Adds to or sets a counter (created at 0 on first use) in one statement; returns the new value. */
export async function changeCounter(
  db: AnyDb,
  tenantId: string,
  name: string,
  change: CounterChange,
): Promise<number> {
  const add = 'add' in change ? change.add : 0;
  const set = 'set' in change ? change.set : null;
  const [row] = await rows<{ value: string | number }>(
    db,
    sql`insert into bot_counters (tenant_id, name, value)
        values (${tenantId}, ${name}, coalesce(${set}::bigint, ${add}::bigint))
        on conflict (tenant_id, name) do update
          set value = coalesce(${set}::bigint, bot_counters.value + ${add}::bigint), updated_at = now()
        returning value`,
  );
  return Number(row!.value);
}

/** A counter's value; 0 when it was never used. */
export async function readCounter(db: AnyDb, tenantId: string, name: string): Promise<number> {
  const [row] = await rows<{ value: string | number }>(
    db,
    sql`select value from bot_counters where tenant_id = ${tenantId} and name = ${name}`,
  );
  return row ? Number(row.value) : 0;
}
