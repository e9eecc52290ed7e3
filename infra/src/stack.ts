/**
 * Runs the whole stack on one machine: a database (given or embedded), migrations, the runners
 * supervisor and workerd serving functions and the web app. `npm start`, the end-to-end tests and
 * the benchmarks all start it the same way.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';
import { runMigrations } from '@homelab/db/migrate';
import { canConnect, provisionDatabase, startEmbeddedPostgres } from './database';
import { loadLocalSecrets } from './secrets';
import { workerdBinary, writeWorkerdConfig } from './workerd-config';

export type StackOptions = {
  root: string;
  dataDir: string;
  port: number;
  /** Address workerd listens on; 127.0.0.1 unless the owner opens it to the LAN. */
  host?: string;
  runnersPort: number;
  /** Where the session pooler in front of PostgreSQL listens for functions. */
  dbpoolPort: number;
  /** A superuser URL to provision on; when absent and DATABASE_URL is unset, embedded PostgreSQL is started. */
  adminUrl?: string;
  /** Use these URLs as they are (production-like): no provisioning beyond migrations. */
  databaseUrl?: string;
  databaseOwnerUrl?: string;
  databaseName?: string;
  embeddedPort?: number;
  version?: string;
  env?: Record<string, string>;
  /** Where child process output goes; defaults to this process's. */
  output?: 'inherit' | 'pipe' | 'ignore' | number;
  onLine?: (source: Source, line: string) => void;
};

type Source = 'runners' | 'functions' | 'dbpool';

export type Stack = {
  url: string;
  appUrl: string;
  ownerUrl: string;
  runnerSecret: string;
  processes: { runners: ChildProcess; functions: ChildProcess; dbpool: ChildProcess };
  stop(): Promise<void>;
  restartRunners(): Promise<void>;
};

function waitExit(child: ChildProcess, ms = 5_000) {
  return new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve();
    }, ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

async function waitForPort(port: number, child: ChildProcess, what: string, ms = 15_000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${what} exited with code ${child.exitCode} while starting`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => {
        socket.destroy();
        resolve(false);
      });
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not listen on port ${port} within ${ms / 1000} s`);
}

/**
 * Waits until every runner has finished starting, so the first requests do not meet "not connected
 * right now". A runner slower than `ms` is left to report itself in runner_status.
 */
async function waitForRunnersReady(url: string, child: ChildProcess, ms = 30_000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline && child.exitCode === null) {
    const res = await fetch(url, { signal: AbortSignal.timeout(1_000) }).catch(() => null);
    if (res?.status === 200) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function waitForHttp(url: string, child: ChildProcess, what: string, ms = 30_000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${what} exited with code ${child.exitCode} while starting`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1_000) });
      if (res.status < 500 || res.status === 503) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`${what} did not answer at ${url} within ${ms / 1000} s`);
}

export async function startStack(options: StackOptions): Promise<Stack> {
  const { root, dataDir, port, runnersPort, dbpoolPort } = options;
  mkdirSync(dataDir, { recursive: true });
  for (const file of [
    'functions/dist/index.js',
    'runners/dist/main.js',
    'runners/dist/dbpool.js',
    'web/dist/index.html',
  ]) {
    if (!existsSync(path.join(root, file)))
      throw new Error(`${file} is missing: run \`npm run build\` first`);
  }
  const secrets = loadLocalSecrets(dataDir);
  const runnerSecret = options.env?.RUNNER_SECRET ?? secrets.runnerSecret;
  let stopPostgres: (() => Promise<void>) | undefined;

  let appUrl: string;
  let ownerUrl: string;
  let backupUrl: string | undefined;
  if (options.databaseUrl) {
    appUrl = options.databaseUrl;
    ownerUrl = options.databaseOwnerUrl ?? options.databaseUrl;
    await runMigrations(ownerUrl, { folder: path.join(root, 'db/migrations') });
  } else {
    let adminUrl = options.adminUrl;
    if (!adminUrl) {
      const embedded = await startEmbeddedPostgres({
        root,
        dataDir: path.join(dataDir, 'postgres'),
        port: options.embeddedPort ?? 54329,
        password: secrets.postgresPassword,
      });
      adminUrl = embedded.adminUrl;
      stopPostgres = () => embedded.pg.stop();
    } else if (!(await canConnect(adminUrl))) {
      throw new Error(`cannot connect to PostgreSQL at ${new URL(adminUrl).host}`);
    }
    const urls = await provisionDatabase(
      adminUrl,
      options.databaseName ?? 'homelab',
      { owner: secrets.ownerPassword, app: secrets.appPassword, backup: secrets.backupPassword },
      path.join(root, 'db/migrations'),
    );
    appUrl = urls.appUrl;
    ownerUrl = urls.ownerUrl;
    backupUrl = urls.backupUrl;
  }

  const env = {
    ...process.env,
    DATABASE_URL: appUrl,
    RUNNER_SECRET: runnerSecret,
    RUNNERS_URL: `http://127.0.0.1:${runnersPort}`,
    RUNNERS_PORT: String(runnersPort),
    RUNNERS_HOST: '127.0.0.1',
    APP_VERSION: options.version ?? process.env.APP_VERSION ?? '0.1.0',
    SECURE_COOKIES: process.env.SECURE_COOKIES ?? 'auto',
    ENCRYPTION_KEY: process.env.ENCRYPTION_KEY ?? secrets.encryptionKey,
    BACKUP_DIR: process.env.BACKUP_DIR ?? path.join(dataDir, 'backups'),
    ...(backupUrl && !process.env.SYSTEM_BACKUP_ADMIN_URL ? { SYSTEM_BACKUP_ADMIN_URL: backupUrl } : {}),
    ...options.env,
  };
  // Functions open a connection per request, so they go through the session pooler, which keeps
  // PostgreSQL backends warm; runners hold their own pool and connect directly.
  const pooled = new URL(appUrl);
  pooled.hostname = '127.0.0.1';
  pooled.port = String(dbpoolPort);
  const functionsEnv = { ...env, DATABASE_URL: pooled.toString() };
  const dbpoolEnv = {
    ...env,
    DBPOOL_UPSTREAM_URL: appUrl,
    DBPOOL_HOST: '127.0.0.1',
    DBPOOL_PORT: String(dbpoolPort),
  };

  const stdio = options.output ?? 'inherit';
  const pipe = (child: ChildProcess, source: Source) => {
    if (!options.onLine) return;
    for (const stream of [child.stdout, child.stderr]) {
      let buffer = '';
      stream?.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        const lines = buffer.split('\n');
        buffer = lines.pop() ?? '';
        for (const line of lines) options.onLine?.(source, line);
      });
    }
  };
  const childStdio = options.onLine ? 'pipe' : stdio;

  const startRunners = () => {
    const child = spawn(process.execPath, [path.join(root, 'runners/dist/main.js')], {
      env,
      stdio: ['ignore', childStdio, childStdio],
    });
    pipe(child, 'runners');
    return child;
  };
  let runners = startRunners();
  const dbpool = spawn(process.execPath, [path.join(root, 'runners/dist/dbpool.js')], {
    env: dbpoolEnv,
    stdio: ['ignore', childStdio, childStdio],
  });
  pipe(dbpool, 'dbpool');
  await waitForPort(dbpoolPort, dbpool, 'the database pooler');
  const configFile = writeWorkerdConfig({
    root,
    file: path.join(dataDir, `workerd-${port}.capnp`),
    port,
    host: options.host,
  });
  const functions = spawn(workerdBinary(root), ['serve', configFile, '--experimental'], {
    env: functionsEnv,
    stdio: ['ignore', childStdio, childStdio],
  });
  pipe(functions, 'functions');

  const stack: Stack = {
    url: `http://127.0.0.1:${port}`,
    appUrl,
    ownerUrl,
    runnerSecret,
    processes: { runners, functions, dbpool },
    async stop() {
      process.off('exit', killChildren);
      await Promise.all(Object.values(stack.processes).map((child) => waitExit(child)));
      await stopPostgres?.();
    },
    async restartRunners() {
      await waitExit(stack.processes.runners);
      runners = startRunners();
      stack.processes.runners = runners;
      await waitForHttp(`http://127.0.0.1:${runnersPort}/livez`, runners, 'runners');
      await waitForRunnersReady(`http://127.0.0.1:${runnersPort}/readyz`, runners);
    },
  };
  // If this process ends without stop() (an uncaught error, another library's signal handler
  // calling exit), its children must not be left running on their ports.
  const killChildren = () => {
    for (const child of Object.values(stack.processes)) if (child.exitCode === null) child.kill('SIGTERM');
  };
  process.on('exit', killChildren);
  try {
    await Promise.all([
      waitForHttp(`http://127.0.0.1:${runnersPort}/livez`, runners, 'runners').then(() =>
        waitForRunnersReady(`http://127.0.0.1:${runnersPort}/readyz`, runners),
      ),
      waitForHttp(`${stack.url}/api/health`, functions, 'workerd'),
    ]);
  } catch (error) {
    await stack.stop();
    throw error;
  }
  return stack;
}
