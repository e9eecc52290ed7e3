/**
 * Backup → restore round trips against the real PostgreSQL: a database with awkward data (bytea,
 * unicode, nulls, several schemas) is backed up, restored elsewhere and compared table by table;
 * a restore drill passes on a good archive and fails on one with a single flipped byte.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, open, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freshDatabase } from '@homelab/infra/test/fresh-database';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type {} from '../../../infra/test/setup/provided';
import { openStable, userTables } from './fingerprint';
import {
  createBackup,
  createDatabase,
  dropDatabase,
  localTarget,
  restoreBackup,
  runRestoreDrill,
} from './index';
import type { Manifest } from './manifest';
import { extractTar, writeTar } from './tar';

const adminUrl = inject('adminUrl');
const prefix = inject('runPrefix');
const key = randomBytes(32).toString('base64');
let workDir: string;
let sourceName: string;
let sourceUrl: string;
const made: string[] = [];

async function scratchDatabase(label: string) {
  const name = `${prefix}_sb_${label}_${randomBytes(3).toString('hex')}`;
  made.push(name);
  return { name, url: await createDatabase(adminUrl, name) };
}

/** Every table's rows as text in one fixed order: two databases with equal dumps hold the same data. */
async function orderedDump(url: string) {
  const sql = openStable(url);
  try {
    const out: Record<string, string[]> = {};
    for (const table of await userTables(sql)) {
      const rows = await sql.unsafe<{ t: string }[]>(
        `select t::text as t from ${table} t order by t::text collate "C"`,
      );
      out[table] = rows.map((row) => row.t);
    }
    return out;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** The source database backed up into its own folder of the work folder, encrypted when given a key. */
async function backUpSource(folder: string, encryptionKey?: string) {
  const dir = path.join(workDir, folder);
  const backup = await createBackup({ databaseUrl: sourceUrl, target: localTarget(dir), encryptionKey, dir });
  return { dir, backup, file: path.join(dir, backup.name) };
}

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'sysbackup-'));
  ({ name: sourceName, url: sourceUrl } = await scratchDatabase('src'));
  const sql = postgres(sourceUrl, { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(`
      create schema app;
      create table app.people (id serial primary key, name text, born date, photo bytea, score double precision);
      create table public.notes (id bigint generated always as identity primary key, body text not null, tags text[], extra jsonb, at timestamptz);
      create table public.empty_table (id int);
      insert into app.people (name, born, photo, score) values
        ('Zoë Ångström', '1990-02-03', '\\x00ff10'::bytea, 0.1),
        (null, null, null, null),
        ('李雷 🚀', '2001-12-31', decode(repeat('ab', 5000), 'hex'), -1e-300);
      insert into public.notes (body, tags, extra, at)
        select 'note ' || g || E'\\twith tab', array['a', null, 'ü'], jsonb_build_object('n', g, 'nil', null), '2026-01-01T00:00:00Z'::timestamptz + g * interval '1 hour'
        from generate_series(1, 500) g;
    `);
  } finally {
    await sql.end({ timeout: 5 });
  }
});

afterAll(async () => {
  for (const name of made) await dropDatabase(adminUrl, name).catch(() => {});
  await rm(workDir, { recursive: true, force: true });
});

describe('system backup round trip', () => {
  for (const encrypted of [false, true]) {
    it(`restores identical data from ${encrypted ? 'an encrypted' : 'a plain'} archive`, async () => {
      const encryptionKey = encrypted ? key : undefined;
      const { dir, backup, file } = await backUpSource(encrypted ? 'enc' : 'plain', encryptionKey);
      expect(backup.copies).toEqual([{ target: 'local', location: backup.name, error: null }]);
      expect(backup.encrypted).toBe(encrypted);
      expect(backup.name.endsWith(encrypted ? '.tar.enc' : '.tar')).toBe(true);
      expect((await stat(path.join(dir, backup.name))).size).toBe(backup.sizeBytes);
      expect(backup.manifest.database.tables).toEqual(
        expect.arrayContaining([expect.objectContaining({ table: '"app"."people"', rows: 3 })]),
      );
      // Only the archive is left behind: the parts were scratch.
      expect(await readdir(dir)).toEqual([backup.name]);

      const target = await scratchDatabase(encrypted ? 'renc' : 'rplain');
      const manifest = await restoreBackup({
        file,
        encryptionKey,
        databaseUrl: target.url,
        scratch: dir,
        noOwner: true,
      });
      expect(manifest.database.name).toBe(sourceName);
      const [source, restored] = await Promise.all([orderedDump(sourceUrl), orderedDump(target.url)]);
      expect(Object.keys(restored)).toEqual(['"app"."people"', '"public"."empty_table"', '"public"."notes"']);
      expect(restored).toEqual(source);
      expect(restored['"public"."notes"']).toHaveLength(500);
    });
  }

  it('refuses an encrypted archive without the key, and with another key', async () => {
    const { dir, file } = await backUpSource('nokey', key);
    const target = await scratchDatabase('nokey');
    await expect(restoreBackup({ file, databaseUrl: target.url, scratch: dir })).rejects.toThrow(
      /encrypted and SYSTEM_BACKUP_KEY is not set/,
    );
    await expect(
      restoreBackup({
        file,
        encryptionKey: randomBytes(32).toString('base64'),
        databaseUrl: target.url,
        scratch: dir,
      }),
    ).rejects.toThrow(/does not decrypt/);
  });
});

describe('the role a backup reads with', () => {
  it('names the variables to set when the app role cannot read every table (the migrations bookkeeping)', async () => {
    const { appUrl } = await freshDatabase();
    const dir = path.join(workDir, 'app-role');
    await expect(createBackup({ databaseUrl: appUrl, target: localTarget(dir), dir })).rejects.toThrow(
      /permission denied.*give the runners DATABASE_OWNER_URL or SYSTEM_BACKUP_ADMIN_URL/,
    );
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('restore drill', () => {
  async function flipByte(file: string, at: number) {
    const handle = await open(file, 'r+');
    try {
      const byte = Buffer.alloc(1);
      await handle.read(byte, 0, 1, at);
      byte[0] = (byte[0] ?? 0) ^ 0xff;
      await handle.write(byte, 0, 1, at);
    } finally {
      await handle.close();
    }
  }

  async function databaseExists(name: string) {
    const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
    try {
      return (await sql`select 1 from pg_database where datname = ${name}`).length > 0;
    } finally {
      await sql.end({ timeout: 5 });
    }
  }

  it('passes on a good backup, checking every table and row, and leaves no database behind', async () => {
    const { dir, file } = await backUpSource('drill-ok', key);
    const result = await runRestoreDrill({ file, encryptionKey: key, adminUrl, scratch: dir });
    expect(result).toMatchObject({
      status: 'passed',
      error: null,
      mismatches: [],
      tablesChecked: 3,
      rowsChecked: 503,
      tablesHashed: 3,
    });
    expect(result.database).toMatch(/^drill_[0-9a-f]{12}$/);
    expect(await databaseExists(result.database)).toBe(false);
  });

  it('fails when one byte of an encrypted archive is flipped (the GCM tag does not match)', async () => {
    const { dir, backup, file } = await backUpSource('drill-enc', key);
    await flipByte(file, Math.floor(backup.sizeBytes / 2));
    const result = await runRestoreDrill({ file, encryptionKey: key, adminUrl, scratch: dir });
    expect(result.status).toBe('failed');
    expect(result.error).toMatch(/does not decrypt/);
  });

  it('fails when one byte of the dump inside a plain archive is flipped (the part checksum does not match)', async () => {
    const { dir, backup, file } = await backUpSource('drill-plain');
    // The dump follows the manifest's header and blocks; the last data block before the end marker is the dump's.
    await flipByte(file, backup.sizeBytes - 1024 - 600);
    const result = await runRestoreDrill({ file, adminUrl, scratch: dir });
    expect(result.status).toBe('failed');
    expect(result.error).toMatch(/database\.dump does not match its checksum/);
  });

  it('fails when the restored data differs from what the manifest recorded at dump time', async () => {
    const { dir, file } = await backUpSource('drill-changed');
    // A well-formed archive whose manifest remembers one more person than the dump holds.
    const parts = path.join(dir, 'parts');
    await mkdir(parts);
    await extractTar(file, parts);
    const manifest = JSON.parse(await readFile(path.join(parts, 'manifest.json'), 'utf8')) as Manifest;
    const people = manifest.database.tables.find((t) => t.table === '"app"."people"');
    if (!people) throw new Error('the manifest lacks app.people');
    people.rows = 4;
    await writeFile(path.join(parts, 'manifest.json'), JSON.stringify(manifest));
    const forged = path.join(dir, 'system-forged.tar');
    await writeTar(
      forged,
      ['manifest.json', 'database.dump'].map((name) => ({ name, file: path.join(parts, name) })),
    );
    const result = await runRestoreDrill({ file: forged, adminUrl, scratch: dir });
    expect(result.status).toBe('failed');
    expect(result.mismatches).toEqual([{ table: '"app"."people"', expected: '4 rows', actual: '3 rows' }]);
    expect(result.error).toMatch(/1 table\(s\) differ/);
  });
});
