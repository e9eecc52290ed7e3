/**
 * Which PostgreSQL the tests use: TEST_ADMIN_DATABASE_URL when set, the machine's server on
 * 127.0.0.1:5432 when it answers, otherwise a real embedded one started for the run. Test
 * databases are named `hlt_<time>_<pid>_…` so a run can drop its own and those that a crashed run
 * left behind.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { canConnect, startEmbeddedPostgres } from '../../src/database';
import { loadLocalSecrets } from '../../src/secrets';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const testDataDir = path.join(root, '.data', 'test');

export async function testAdminUrl(): Promise<{ adminUrl: string; stop?: () => Promise<void> }> {
  const given = process.env.TEST_ADMIN_DATABASE_URL;
  if (given) return { adminUrl: given };
  const local = 'postgres://postgres@127.0.0.1:5432/postgres';
  if (await canConnect(local)) return { adminUrl: local };
  const secrets = loadLocalSecrets(testDataDir);
  const embedded = await startEmbeddedPostgres({
    root,
    dataDir: path.join(testDataDir, 'postgres'),
    port: Number(process.env.TEST_EMBEDDED_PG_PORT ?? 54330),
    password: secrets.postgresPassword,
  });
  return { adminUrl: embedded.adminUrl, stop: () => embedded.pg.stop() };
}

const runPrefix = `hlt_${Date.now().toString(36)}_${process.pid}`;
let counter = 0;

/** A database name unique to this process; `label` says what it is for. */
export function uniqueDatabaseName(label: string) {
  const safe = label
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '_')
    .slice(0, 20);
  return `${runPrefix}_${safe}_${(counter++).toString(36)}`;
}

/** Drops the databases of this run (prefix given) or of runs older than three hours. */
export async function dropTestDatabases(adminUrl: string, prefix?: string) {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const rows = await admin<
      { datname: string }[]
    >`select datname from pg_database where datname like 'hlt\\_%'`;
    const cutoff = Date.now() - 3 * 3_600_000;
    for (const { datname } of rows) {
      const started = Number.parseInt(datname.split('_')[1] ?? '', 36);
      const mine = prefix !== undefined && datname.startsWith(prefix);
      if (mine || (Number.isFinite(started) && started < cutoff)) {
        await admin.unsafe(`drop database if exists ${datname} with (force)`);
      }
    }
  } finally {
    await admin.end({ timeout: 5 });
  }
}

export const thisRunPrefix = runPrefix;
