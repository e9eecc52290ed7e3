/** A private, empty (migrated) database for one test file, dropped when the file is done. */
import { afterAll, inject } from 'vitest';
import { dropDatabase } from '../src/database';
import { uniqueDatabaseName } from './setup/admin';
import { cloneDatabase } from './setup/clone';

let counter = 0;

export async function freshDatabase() {
  const adminUrl = inject('adminUrl');
  const name = uniqueDatabaseName(`homelab_t${counter++}_${Math.random().toString(36).slice(2, 6)}`);
  const db = await cloneDatabase(adminUrl, inject('templateDatabase'), name);
  afterAll(async () => {
    await dropDatabase(adminUrl, name);
  });
  return db;
}
