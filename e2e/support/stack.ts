/** Starts a whole stack for a test: real PostgreSQL, runners and workerd on free ports, logs kept in e2e/artifacts. */
import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { dropDatabase } from '@homelab/infra/database';
import { startStack } from '@homelab/infra/stack';
import { root, uniqueDatabaseName } from '@homelab/infra/test/admin';
import { freePort } from './ports';

export const artifacts = path.join(root, 'e2e', 'artifacts');

export type TestStackOptions = {
  adminUrl?: string;
  embeddedPort?: number;
  label: string;
  env?: Record<string, string>;
};

export async function startTestStack({ adminUrl, embeddedPort, label, env }: TestStackOptions) {
  mkdirSync(artifacts, { recursive: true });
  const log = createWriteStream(path.join(artifacts, `${label}.log`));
  const name = uniqueDatabaseName(label);
  const [port, runnersPort] = [await freePort(), await freePort()];
  const stack = await startStack({
    root,
    dataDir: path.join(root, '.data', 'e2e', label),
    port,
    runnersPort,
    adminUrl,
    embeddedPort,
    databaseName: name,
    env: { METRICS_INTERVAL_MS: '1000', ...env },
    onLine: (source, line) => log.write(`${source} ${line}\n`),
  });
  return {
    ...stack,
    runnersPort,
    async stop() {
      await stack.stop();
      if (adminUrl) await dropDatabase(adminUrl, name).catch(() => {});
      log.end();
    },
  };
}
