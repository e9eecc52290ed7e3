/**
 * Vitest global setup: migrates a template database once per run; tests get a shared clone through
 * inject('databaseUrl'), or a private clone each from freshDatabase() when they need an empty one.
 * Every database of the run shares one name prefix and is dropped at the end.
 */
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { provisionDatabase } from '../../src/database';
import { loadLocalSecrets } from '../../src/secrets';
import {
  dropTestDatabases,
  root,
  testAdminUrl,
  testDataDir,
  thisRunPrefix,
  uniqueDatabaseName,
} from './admin';
import { cloneDatabase } from './clone';
import type {} from './provided';

export default async function setup(project: TestProject) {
  const { adminUrl, stop } = await testAdminUrl();
  await dropTestDatabases(adminUrl);
  const template = uniqueDatabaseName('template');
  const secrets = loadLocalSecrets(testDataDir);
  await provisionDatabase(
    adminUrl,
    template,
    { owner: secrets.ownerPassword, app: secrets.appPassword },
    path.join(root, 'db/migrations'),
  );
  const shared = await cloneDatabase(adminUrl, template, uniqueDatabaseName('shared'));
  project.provide('databaseUrl', shared.appUrl);
  project.provide('databaseOwnerUrl', shared.ownerUrl);
  project.provide('adminUrl', adminUrl);
  project.provide('templateDatabase', template);
  project.provide('runPrefix', thisRunPrefix);
  return async () => {
    await dropTestDatabases(adminUrl, thisRunPrefix);
    await stop?.();
  };
}
