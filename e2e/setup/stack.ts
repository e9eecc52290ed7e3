/**
 * Global setup of the end-to-end project: one running stack (built bundles, real PostgreSQL,
 * runners, workerd) shared by the browser and API tests of a run.
 */
import { testAdminUrl } from '@homelab/infra/test/admin';
import type { TestProject } from 'vitest/node';
import { startTestStack } from '../support/stack';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    runnersUrl: string;
    runnerSecret: string;
    stackDatabaseUrl: string;
    stackOwnerUrl: string;
    e2eAdminUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const admin = await testAdminUrl();
  const stack = await startTestStack({ adminUrl: admin.adminUrl, label: 'shared' });
  project.provide('baseUrl', stack.url);
  project.provide('runnersUrl', `http://127.0.0.1:${stack.runnersPort}`);
  project.provide('runnerSecret', stack.runnerSecret);
  project.provide('stackDatabaseUrl', stack.appUrl);
  project.provide('stackOwnerUrl', stack.ownerUrl);
  project.provide('e2eAdminUrl', admin.adminUrl);
  return async () => {
    await stack.stop();
    await admin.stop?.();
  };
}
