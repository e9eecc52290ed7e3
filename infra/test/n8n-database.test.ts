/**
 * infra/postgres/init-n8n.sh, run as compose's n8n-db-init does (psql as a superuser, libpq
 * variables) against a real PostgreSQL: n8n gets its own database and an unprivileged role that
 * owns it, cannot reach another database whose CONNECT is revoked from PUBLIC (as init-roles.sh
 * does for `homelab`), and a second run changes nothing but the password.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresInitScript } from './postgres-init';

const { prefix, admin, run, connect } = postgresInitScript('init-n8n.sh');
const role = `${prefix}_n8n_role`;
const database = `${prefix}_n8n_db`;
const homelab = `${prefix}_n8n_other`;
// Quotes and a semicolon: the password must reach SQL as data, never as text.
const firstPassword = `first'pass";word`;

const runInit = (password: string) =>
  run({ N8N_DB_USER: role, N8N_DB_NAME: database, N8N_DB_PASSWORD: password });

const connectAs = (db: string) => connect(db, { user: role, password: firstPassword });

async function passwordHash() {
  const [row] = await admin<{ rolpassword: string | null }[]>`
    select rolpassword from pg_authid where rolname = ${role}`;
  return row?.rolpassword ?? null;
}

beforeAll(async () => {
  await admin.unsafe(`create database "${homelab}"`);
  await admin.unsafe(`revoke all on database "${homelab}" from public`);
  await runInit(firstPassword);
});

afterAll(async () => {
  await admin.unsafe(`drop database if exists "${database}" with (force)`);
  await admin.unsafe(`drop database if exists "${homelab}" with (force)`);
  await admin.unsafe(`drop role if exists "${role}"`);
  await admin.end({ timeout: 5 });
});

describe('infra/postgres/init-n8n.sh', () => {
  it('creates a login role with no privileges beyond its own database', async () => {
    const [attributes] = await admin`
      select rolcanlogin, rolsuper, rolcreatedb, rolcreaterole, rolreplication, rolbypassrls
      from pg_roles where rolname = ${role}`;
    expect(attributes).toEqual({
      rolcanlogin: true,
      rolsuper: false,
      rolcreatedb: false,
      rolcreaterole: false,
      rolreplication: false,
      rolbypassrls: false,
    });
    expect(await passwordHash()).toMatch(/^SCRAM-SHA-256\$|^md5/);
  });

  it('gives the role a database it owns, closed to everyone else', async () => {
    const [row] = await admin<{ owner: string; public_connect: boolean }[]>`
      select pg_get_userbyid(datdba) as owner, has_database_privilege('public', oid, 'CONNECT') as public_connect
      from pg_database where datname = ${database}`;
    expect(row).toEqual({ owner: role, public_connect: false });
  });

  it('lets n8n create its tables there', async () => {
    const n8n = connectAs(database);
    try {
      await n8n`create table workflow_probe (id int primary key)`;
      await n8n`insert into workflow_probe values (1)`;
      expect(await n8n`select id from workflow_probe`).toEqual([{ id: 1 }]);
    } finally {
      await n8n.end({ timeout: 5 });
    }
  });

  it('keeps the role out of a database whose CONNECT is revoked from PUBLIC', async () => {
    const n8n = connectAs(homelab);
    try {
      await expect(n8n`select 1`).rejects.toThrow(/permission denied for database/);
    } finally {
      await n8n.end({ timeout: 5 });
    }
  });

  it('runs again without error, keeping the database and setting the new password', async () => {
    const before = await passwordHash();
    await runInit('second-password');
    expect(await passwordHash()).not.toBe(before);
    const [row] = await admin<{ count: number }[]>`
      select count(*)::int as count from pg_database where datname = ${database}`;
    expect(row?.count).toBe(1);
    await runInit(firstPassword);
  });

  it('refuses to run without N8N_DB_PASSWORD', async () => {
    await expect(runInit('')).rejects.toMatchObject({ stderr: expect.stringMatching(/N8N_DB_PASSWORD/) });
  });
});
