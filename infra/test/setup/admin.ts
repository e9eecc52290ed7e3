/**
 * Which PostgreSQL the tests use: TEST_ADMIN_DATABASE_URL when set, the machine's server on
 * 127.0.0.1:5432 when it answers, otherwise a real embedded one started for the run.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
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

export function uniqueDatabaseName(prefix: string) {
  return `${prefix}_${Date.now().toString(36)}_${process.pid}`;
}
