/**
 * Backup and restore against the real PostgreSQL: rows written, dumped, the database dropped and
 * recreated empty, restored, and every row compared; a changed dump is refused.
 */
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import postgres from 'postgres';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { backupDatabase, restoreDatabase, sha256File } from '../../src/cli/homelab/backup';
import { CliError } from '../../src/cli/homelab/exit-codes';
import { run } from '../../src/cli/homelab/main';
import type {} from '../setup/provided';

const dir = mkdtempSync(path.join(tmpdir(), 'homelab-cli-backup-'));
const name = `${inject('runPrefix')}_cli_roundtrip_${process.pid}`;
const adminUrl = inject('adminUrl');
const databaseUrl = (() => {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
})();

async function asAdmin<T>(work: (sql: postgres.Sql) => Promise<T>) {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    return await work(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

async function inDatabase<T>(work: (sql: postgres.Sql) => Promise<T>) {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    return await work(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

const snapshot = () =>
  inDatabase(async (sql) => ({
    rows: await sql`select id, title, body, tags, blob, created from notes order by id`,
    sequence: (await sql`select last_value from notes_id_seq`)[0]?.last_value,
    digest: (await sql`select md5(string_agg(n::text, '|' order by id)) as d from notes n`)[0]?.d,
  }));

/** Runs the CLI in the test folder and parses what it prints with --json. */
async function homelab(argv: string[]) {
  const stdout = new PassThrough();
  let text = '';
  stdout.on('data', (c) => {
    text += String(c);
  });
  const code = await run(argv, { stdout, stderr: new PassThrough(), cwd: dir, env: {} });
  return { code, body: text ? JSON.parse(text) : null };
}

/** `homelab backup --json` of the test database into `subdir` of the test folder; `flags` pick the format. */
const backupCommand = (subdir: string, ...flags: string[]) =>
  homelab(['backup', ...flags, '--json', '--database-url', databaseUrl, '--dir', subdir]);

const restoreCommand = (file: string) =>
  homelab(['restore', file, '--yes', '--json', '--database-url', databaseUrl]);

/** A backup with one byte appended after it was written: restore must refuse it by its checksum. */
async function expectDamagedBackupRefused(subdir: string, ...flags: string[]) {
  const backup = await backupCommand(subdir, ...flags);
  appendFileSync(backup.body.file, 'x');
  const restore = await restoreCommand(backup.body.file);
  expect(restore.code).toBe(1);
  expect(restore.body.error).toMatch(/does not match its sha256/);
}

afterAll(async () => {
  await asAdmin((sql) => sql.unsafe(`drop database if exists "${name}" with (force)`));
  rmSync(dir, { recursive: true, force: true });
});

describe('backup → restore round trip', () => {
  it('brings back identical data after the database is dropped', async () => {
    await asAdmin((sql) => sql.unsafe(`create database "${name}"`));
    await inDatabase(async (sql) => {
      await sql`create table notes (
        id serial primary key, title text not null, body text, tags jsonb, blob bytea,
        created timestamptz not null default now())`;
      await sql`create index notes_title on notes (title)`;
      for (let i = 0; i < 250; i += 1) {
        await sql`insert into notes (title, body, tags, blob) values (
          ${`note ${i} ✓ «ünïcode»`}, ${i % 7 === 0 ? null : 'line\nbreak\ttab'.repeat(i % 5)},
          ${sql.json({ i, even: i % 2 === 0, list: [i, 'x'] })}, ${Buffer.from([0, i % 256, 255, 10])})`;
      }
    });
    const before = await snapshot();
    expect(before.rows).toHaveLength(250);

    const backup = await backupDatabase(databaseUrl, dir);
    expect(backup.database).toBe(name);
    expect(backup.bytes).toBeGreaterThan(0);
    expect(await sha256File(backup.file)).toBe(backup.sha256);

    await asAdmin(async (sql) => {
      await sql.unsafe(`drop database "${name}" with (force)`);
      await sql.unsafe(`create database "${name}"`);
    });
    await expect(inDatabase((sql) => sql`select 1 from notes`)).rejects.toThrow(/notes/);

    const restored = await restoreDatabase(backup.file, databaseUrl, { verify: true });
    expect(restored.sha256).toBe(backup.sha256);
    const after = await snapshot();
    expect(after.digest).toBe(before.digest);
    expect(after.rows).toEqual(before.rows);
    expect(after.sequence).toBe(before.sequence);
    const indexes = await inDatabase(
      (sql) => sql`select indexname from pg_indexes where tablename = 'notes'`,
    );
    expect(indexes.map((r) => r.indexname).sort()).toEqual(['notes_pkey', 'notes_title']);
  });

  it('refuses a dump that no longer matches its checksum', async () => {
    const backup = await backupDatabase(databaseUrl, dir, new Date('2026-01-02T03:04:05Z'));
    expect(path.basename(backup.file)).toBe(`homelab-${name}-20260102T030405Z.dump`);
    appendFileSync(backup.file, 'tampered');
    const error = await restoreDatabase(backup.file, databaseUrl, { verify: true }).catch((e) => e);
    expect(error).toBeInstanceOf(CliError);
    expect(error.code).toBe(1);
    expect(error.message).toMatch(/does not match its sha256/);
  });
});

describe('homelab backup --plain / homelab restore', () => {
  it('round-trips through the commands, restoring rows deleted after the backup', async () => {
    const before = await snapshot();
    const backup = await backupCommand('cmd', '--plain');
    expect(backup.code).toBe(0);
    expect(backup.body.file).toBe(path.join(dir, 'cmd', path.basename(backup.body.file)));
    expect(backup.body.checksumFile).toBe(`${backup.body.file}.sha256`);

    await inDatabase((sql) => sql`delete from notes where id % 2 = 0`);
    expect((await snapshot()).rows).toHaveLength(125);

    const restore = await restoreCommand(backup.body.file);
    expect(restore.code).toBe(0);
    expect(restore.body.sha256).toBe(backup.body.sha256);
    expect((await snapshot()).digest).toBe(before.digest);
  });

  it('exits 1 when the dump is damaged', () => expectDamagedBackupRefused('damaged', '--plain'));
});

describe('system archives through the shared backup engine', () => {
  it('backs up, passes a restore drill, and restores identical rows into an emptied database', async () => {
    const before = await snapshot();
    const backup = await backupCommand('system');
    expect(backup.code).toBe(0);
    expect(path.basename(backup.body.file)).toMatch(/^system-.*\.tar$/);
    expect(backup.body).toMatchObject({ database: name, encrypted: false, tables: 1 });
    expect(await sha256File(backup.body.file)).toBe(backup.body.sha256);

    const drill = await homelab([
      'restore',
      backup.body.file,
      '--drill',
      '--json',
      '--database-url',
      adminUrl,
    ]);
    expect(drill.code).toBe(0);
    expect(drill.body).toMatchObject({
      status: 'passed',
      tablesChecked: 1,
      rowsChecked: 250,
      mismatches: [],
    });

    await asAdmin(async (sql) => {
      await sql.unsafe(`drop database "${name}" with (force)`);
      await sql.unsafe(`create database "${name}"`);
    });
    const restore = await restoreCommand(backup.body.file);
    expect(restore.code).toBe(0);
    expect(restore.body).toMatchObject({ tables: 1, sha256: backup.body.sha256 });
    const after = await snapshot();
    expect(after.digest).toBe(before.digest);
    expect(after.rows).toEqual(before.rows);
  });

  it('refuses a damaged archive with exit 1 before touching the database', () =>
    expectDamagedBackupRefused('system-damaged'));
});
