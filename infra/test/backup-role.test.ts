/**
 * infra/postgres/init-backup-role.sh, run as compose's backup-role-init does (psql as a superuser,
 * libpq variables) against a real PostgreSQL: the backup role reads every row, even of a table
 * whose Row-Level Security hides rows from the app, cannot write, may create a database for a
 * restore drill, and a second run keeps it so.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresInitScript } from './postgres-init';

const { prefix, admin, run, connect } = postgresInitScript('init-backup-role.sh');
const role = `${prefix}_backup_role`;
const database = `${prefix}_backup_db`;
const drill = `${prefix}_backup_drill`;

const runInit = () =>
  run({ HOMELAB_BACKUP_USER: role, HOMELAB_DB: database, HOMELAB_BACKUP_PASSWORD: `pass'word;` });

const connectAs = (db: string) => connect(db, { user: role });

beforeAll(async () => {
  await admin.unsafe(`create database "${database}"`);
  await admin.unsafe(`revoke all on database "${database}" from public`);
  const db = connect(database);
  // A tenant table as the migrations make them: RLS forced, a policy that shows no rows by default.
  await db.unsafe(`
    create table tenant_rows (id int primary key, tenant text not null);
    alter table tenant_rows enable row level security;
    alter table tenant_rows force row level security;
    create policy tenant_only on tenant_rows using (tenant = current_setting('app.tenant', true));
    insert into tenant_rows values (1, 'a'), (2, 'b');`);
  await db.end();
  await runInit();
});

afterAll(async () => {
  await admin.unsafe(`drop database if exists "${drill}"`);
  await admin.unsafe(`drop database if exists "${database}"`);
  await admin.unsafe(`drop role if exists "${role}"`);
  await admin.end();
});

describe('the backup role', () => {
  it('reads every row, past Row-Level Security, and cannot write', async () => {
    const db = connectAs(database);
    try {
      const rows = await db`select id from tenant_rows order by id`;
      expect(rows.map((r) => r.id)).toEqual([1, 2]);
      await expect(db`insert into tenant_rows values (3, 'c')`).rejects.toThrow(/permission denied/);
    } finally {
      await db.end();
    }
  });

  it('may create a database for a restore drill, and is no superuser', async () => {
    const [flags] = await admin<{ rolsuper: boolean; rolcreatedb: boolean; rolbypassrls: boolean }[]>`
      select rolsuper, rolcreatedb, rolbypassrls from pg_roles where rolname = ${role}`;
    expect(flags).toEqual({ rolsuper: false, rolcreatedb: true, rolbypassrls: true });
    const db = connectAs(database);
    try {
      await db.unsafe(`create database "${drill}"`);
    } finally {
      await db.end();
    }
  });

  it('stays the same when the script runs again', async () => {
    await runInit();
    const db = connectAs(database);
    try {
      expect((await db`select count(*)::int as n from tenant_rows`)[0]?.n).toBe(2);
    } finally {
      await db.end();
    }
  });
});
