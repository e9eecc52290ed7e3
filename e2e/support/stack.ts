/** Starts a whole stack for a test: real PostgreSQL, runners and workerd on free ports, logs kept in e2e/artifacts. */
import { closeSync, createWriteStream, mkdirSync, openSync } from 'node:fs';
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
  /** Children write straight to the log file instead of through this process (for benchmarks). */
  direct?: boolean;
};

export async function startTestStack({ adminUrl, embeddedPort, label, env, direct }: TestStackOptions) {
  mkdirSync(artifacts, { recursive: true });
  const file = path.join(artifacts, `${label}.log`);
  const fd = direct ? openSync(file, 'w') : undefined;
  const log = direct ? undefined : createWriteStream(file);
  const name = uniqueDatabaseName(label);
  const [port, runnersPort, dbpoolPort] = [await freePort(), await freePort(), await freePort()];
  const stack = await startStack({
    root,
    dataDir: path.join(root, '.data', 'e2e', label),
    port,
    runnersPort,
    dbpoolPort,
    adminUrl,
    embeddedPort,
    databaseName: name,
    env: { METRICS_INTERVAL_MS: '1000', ...env },
    ...(fd === undefined ? { onLine: (source, line) => log?.write(`${source} ${line}\n`) } : { output: fd }),
  });
  return {
    ...stack,
    runnersPort,
    async stop() {
      await stack.stop();
      if (adminUrl) await dropDatabase(adminUrl, name).catch(() => {});
      log?.end();
      if (fd !== undefined) closeSync(fd);
    },
  };
}
