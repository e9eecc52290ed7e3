import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPgProgram, libpqEnv, withDatabase } from './pgtools';
import { dumpSource } from './service';

let libDir: string;
const path0 = process.env.PATH;

/** /usr/lib/postgresql/<major>/bin/pg_dump stand-ins that print their version like the real ones. */
async function fakeVersion(major: number) {
  const bin = path.join(libDir, String(major), 'bin');
  await mkdir(bin, { recursive: true });
  const file = path.join(bin, 'pg_dump');
  await writeFile(file, `#!/bin/sh\necho "pg_dump (PostgreSQL) ${major}.3"\n`);
  await chmod(file, 0o755);
}

beforeAll(async () => {
  libDir = await mkdtemp(path.join(tmpdir(), 'pgtools-'));
  for (const major of [13, 15, 17]) await fakeVersion(major);
  // Only the fakes: the machine's own pg_dump must not decide the test.
  process.env.PATH = '/nonexistent';
});

afterAll(async () => {
  process.env.PATH = path0;
  await rm(libDir, { recursive: true, force: true });
});

describe('findPgProgram', () => {
  it('picks the newest installed version that is at least the server’s', async () => {
    expect(await findPgProgram('pg_dump', 15, libDir)).toBe(path.join(libDir, '17', 'bin', 'pg_dump'));
    expect(await findPgProgram('pg_dump', 17, libDir)).toBe(path.join(libDir, '17', 'bin', 'pg_dump'));
  });

  it('says which versions it found when none is new enough for the server', async () => {
    await expect(findPgProgram('pg_dump', 18, libDir)).rejects.toThrow(
      /No pg_dump for PostgreSQL 18 or newer: found .*\(17\).*Install the postgresql-client/,
    );
  });
});

describe('libpqEnv', () => {
  it('passes the login by environment, so the password never shows in a process list', () => {
    const { env, database } = libpqEnv('postgres://home%40lab:p%40ss@db.lan:6543/homelab?sslmode=require');
    expect(env).toEqual({
      PGHOST: 'db.lan',
      PGPORT: '6543',
      PGUSER: 'home@lab',
      PGPASSWORD: 'p@ss',
      PGSSLMODE: 'require',
      PGDATABASE: 'homelab',
    });
    expect(database).toBe('homelab');
    expect(withDatabase('postgres://u:p@db.lan:5432/homelab', 'drill_ab12')).toBe(
      'postgres://u:p@db.lan:5432/drill_ab12',
    );
  });
});

describe('dumpSource', () => {
  const app = 'postgres://homelab_app:a@db:5432/homelab';
  it("prefers the owner's URL, then the admin role on the app's database, then the app's own", () => {
    expect(
      dumpSource(app, 'postgres://homelab_owner:o@db:5432/homelab', 'postgres://postgres:p@db:5432/postgres'),
    ).toBe('postgres://homelab_owner:o@db:5432/homelab');
    expect(dumpSource(app, undefined, 'postgres://postgres:p@db:5432/postgres')).toBe(
      'postgres://postgres:p@db:5432/homelab',
    );
    expect(dumpSource(app)).toBe(app);
  });
});
