/**
 * Vitest global setup: migrates a template database once per run; tests get a shared clone through
 * inject('databaseUrl'), or a private clone each from freshDatabase() when they need an empty one.
 */
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { dropDatabase, provisionDatabase } from '../../src/database';
import { loadLocalSecrets } from '../../src/secrets';
import { root, testAdminUrl, testDataDir, uniqueDatabaseName } from './admin';
import { cloneDatabase } from './clone';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    databaseOwnerUrl: string;
    adminUrl: string;
    templateDatabase: string;
  }
}

export default async function setup(project: TestProject) {
  const { adminUrl, stop } = await testAdminUrl();
  const template = uniqueDatabaseName('homelab_tpl');
  const secrets = loadLocalSecrets(testDataDir);
  await provisionDatabase(
    adminUrl,
    template,
    { owner: secrets.ownerPassword, app: secrets.appPassword },
    path.join(root, 'db/migrations'),
  );
  const shared = await cloneDatabase(adminUrl, template, uniqueDatabaseName('homelab_test'));
  project.provide('databaseUrl', shared.appUrl);
  project.provide('databaseOwnerUrl', shared.ownerUrl);
  project.provide('adminUrl', adminUrl);
  project.provide('templateDatabase', template);
  return async () => {
    await dropDatabase(adminUrl, shared.name);
    await dropDatabase(adminUrl, template);
    await stop?.();
  };
}
