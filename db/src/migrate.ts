/**
 * Applies the committed migrations as the schema owner, then grants the app role exactly the
 * row access it needs (never ownership), so Row-Level Security can hold against the app.
 * Safe on every start: an advisory lock serialises concurrent starts, applied migrations are skipped.
 */
import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';

export const migrationsFolder = fileURLToPath(new URL('../migrations', import.meta.url));
const lockKey = 7_240_117;

export type MigrateOptions = { appRole?: string; folder?: string };

export async function runMigrations(ownerUrl: string, options: MigrateOptions = {}) {
  const appRole = options.appRole ?? 'homelab_app';
  if (!/^[a-z_][a-z0-9_]*$/.test(appRole))
    throw new Error(`DATABASE_APP_ROLE "${appRole}" is not a plain role name`);
  const sql = postgres(ownerUrl, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    await sql`select pg_advisory_lock(${lockKey})`;
    try {
      await migrate(drizzle(sql), { migrationsFolder: options.folder ?? migrationsFolder });
      const [role] = await sql`select 1 from pg_roles where rolname = ${appRole}`;
      if (role) {
        await sql.unsafe(`
          grant usage on schema public to ${appRole};
          grant select, insert, update, delete on all tables in schema public to ${appRole};
          grant usage, select on all sequences in schema public to ${appRole};
          revoke all on schema drizzle from ${appRole};
        `);
      }
      return { appRoleGranted: Boolean(role) };
    } finally {
      await sql`select pg_advisory_unlock(${lockKey})`;
    }
  } finally {
    await sql.end({ timeout: 5 });
  }
}
