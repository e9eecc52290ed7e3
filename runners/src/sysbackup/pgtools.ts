/**
 * The PostgreSQL client programs a backup needs (pg_dump, pg_restore), found on PATH or under
 * /usr/lib/postgresql/<major>/bin. pg_dump refuses a server newer than itself, so the newest
 * installed version at least the server's major wins.
 */
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { access, readdir } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';

export type PgProgram = 'pg_dump' | 'pg_restore';

const versionLine = /\(PostgreSQL\)\s+(\d+)/;

async function runCapture(bin: string, args: string[]) {
  const result = await runProgram(bin, args, {});
  return result.stdout;
}

async function majorOf(bin: string): Promise<number | null> {
  try {
    const match = versionLine.exec(await runCapture(bin, ['--version']));
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

/** Candidate programs: /usr/lib/postgresql/<major>/bin first (newest first), then PATH. */
async function candidates(program: PgProgram, libDir: string) {
  const found: string[] = [];
  try {
    const majors = (await readdir(libDir))
      .filter((name) => /^\d+$/.test(name))
      .sort((a, b) => Number(b) - Number(a));
    for (const major of majors) {
      const bin = path.join(libDir, major, 'bin', program);
      if (
        await access(bin).then(
          () => true,
          () => false,
        )
      )
        found.push(bin);
    }
  } catch {
    // No packaged versions: PATH alone decides.
  }
  for (const dir of (process.env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const bin = path.join(dir, program);
    if (
      await access(bin).then(
        () => true,
        () => false,
      )
    )
      found.push(bin);
  }
  return found;
}

/** The newest `program` whose major version is at least `serverMajor`. */
export async function findPgProgram(
  program: PgProgram,
  serverMajor: number,
  libDir = '/usr/lib/postgresql',
): Promise<string> {
  let best: { bin: string; major: number } | null = null;
  const seen: string[] = [];
  for (const bin of await candidates(program, libDir)) {
    const major = await majorOf(bin);
    if (major === null) continue;
    seen.push(`${bin} (${major})`);
    if (major >= serverMajor && (!best || major > best.major)) best = { bin, major };
  }
  if (!best)
    throw new Error(
      `No ${program} for PostgreSQL ${serverMajor} or newer: found ${seen.join(', ') || 'none'}. Install the postgresql-client package of that version.`,
    );
  return best.bin;
}

export type RunOptions = { env?: Record<string, string>; stdoutFile?: string; signal?: AbortSignal };

/** Runs a program; stdout goes to a file or is captured, and a non-zero exit throws with stderr's end. */
export async function runProgram(bin: string, args: string[], options: RunOptions) {
  const child = spawn(bin, args, {
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    signal: options.signal,
  });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-4_000);
  });
  let stdout = '';
  const output = options.stdoutFile
    ? pipeline(child.stdout, createWriteStream(options.stdoutFile, { flags: 'wx', mode: 0o600 }))
    : (async () => {
        child.stdout.setEncoding('utf8');
        for await (const chunk of child.stdout) stdout = (stdout + chunk).slice(-1_000_000);
      })();
  const exit = new Promise<number>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? 1));
  });
  const [code] = await Promise.all([exit, output]);
  if (code !== 0)
    throw new Error(
      `${path.basename(bin)} exited with code ${code}: ${stderr.trim().split('\n').slice(-5).join(' ')}`,
    );
  return { stdout, stderr };
}

/** libpq's environment for a postgres:// URL, so the password never shows in a process list. */
export function libpqEnv(url: string): { env: Record<string, string>; database: string } {
  const parsed = new URL(url);
  const env: Record<string, string> = {
    PGHOST: decodeURIComponent(parsed.hostname),
    PGPORT: parsed.port || '5432',
    PGUSER: decodeURIComponent(parsed.username),
  };
  if (parsed.password) env.PGPASSWORD = decodeURIComponent(parsed.password);
  const sslmode = parsed.searchParams.get('sslmode');
  if (sslmode) env.PGSSLMODE = sslmode;
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  env.PGDATABASE = database;
  return { env, database };
}

/** The same server and login with another database: for throwaway and restored databases. */
export function withDatabase(url: string, database: string) {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}
