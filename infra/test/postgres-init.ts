/**
 * For the tests of infra/postgres's init scripts: runs one as compose's init containers do (sh, psql
 * as the superuser through libpq variables) against the test PostgreSQL, and connects as what it made.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import postgres from 'postgres';
import { inject } from 'vitest';
import type {} from './setup/provided';

export function postgresInitScript(file: string) {
  const script = fileURLToPath(new URL(`../postgres/${file}`, import.meta.url));
  const adminUrl = new URL(inject('adminUrl'));
  return {
    prefix: inject('runPrefix'),
    admin: postgres(adminUrl.href, { max: 1, onnotice: () => {} }),
    /** Runs the script with the superuser's libpq variables and `env`, the script's own settings. */
    run: (env: Record<string, string>) =>
      promisify(execFile)('sh', [script], {
        env: {
          PATH: process.env.PATH,
          PGHOST: adminUrl.hostname,
          PGPORT: adminUrl.port || '5432',
          PGUSER: decodeURIComponent(adminUrl.username),
          PGPASSWORD: decodeURIComponent(adminUrl.password),
          ...env,
        },
      }),
    /** A client of `database`, as the superuser unless `login` names another role. */
    connect: (database: string, login?: { user: string; password?: string }) => {
      const url = new URL(adminUrl.href);
      if (login) url.username = login.user;
      if (login?.password !== undefined) url.password = login.password;
      url.pathname = `/${database}`;
      return postgres(url.href, { max: 1, onnotice: () => {}, connect_timeout: 5 });
    },
  };
}
