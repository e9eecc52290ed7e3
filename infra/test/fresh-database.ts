/**
 * A private, empty (migrated) database, for tests whose statements reach every row of a table or
 * that need "no user exists yet". The global teardown drops it with the rest of the run's databases.
 */
import { inject } from 'vitest';
import { cloneDatabase } from './setup/clone';
import type {} from './setup/provided';

let counter = 0;

export async function freshDatabase() {
  const name = `${inject('runPrefix')}_w${process.pid}_${(counter++).toString(36)}`;
  return cloneDatabase(inject('adminUrl'), inject('templateDatabase'), name);
}
