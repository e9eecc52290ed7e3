/**
 * The migrated test database for integration tests: TEST_DATABASE_URL when set (a database made by
 * hand), otherwise the shared one the root vitest global setup provides. Connects as the app role.
 */
import { createPool } from '@homelab/db/client/pool';
import { freshDatabase } from '@homelab/infra/test/fresh-database';
import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

export function testDatabaseUrl(): string {
  const url = process.env.TEST_DATABASE_URL || inject('databaseUrl');
  if (!url) throw new Error('No test database: set TEST_DATABASE_URL or run vitest with the root config.');
  return url;
}

export function testPool(url = testDatabaseUrl()) {
  return createPool(url, { max: 4, applicationName: 'runners-tests' });
}

/**
 * A database of the test file's own, for tests whose statements reach every row of a table (metrics
 * compaction): a clone from the global setup, or TEST_DATABASE_URL, which must then be a scratch database.
 */
export async function privateDatabaseUrl(): Promise<string> {
  if (process.env.TEST_DATABASE_URL) return process.env.TEST_DATABASE_URL;
  return (await freshDatabase()).appUrl;
}

/** Names unique to one test, so tests sharing the database never see each other's rows. */
export function uniqueName(prefix: string) {
  return `${prefix}-${crypto.randomUUID().slice(0, 8)}`;
}
