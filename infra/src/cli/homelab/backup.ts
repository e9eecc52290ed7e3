/**
 * `homelab backup` / `homelab restore`: a PostgreSQL custom-format dump (pg_dump -Fc) with a
 * sha256 file beside it, and a restore that refuses a file whose checksum does not match.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CliError, ExitCode } from './exit-codes';

export type BackupResult = {
  file: string;
  checksumFile: string;
  sha256: string;
  bytes: number;
  database: string;
};

function databaseName(url: string) {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, '')) || 'postgres';
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'ENOENT'
          ? new CliError(
              `${command} is not installed`,
              ExitCode.failed,
              'Install the PostgreSQL client tools matching the server (Ubuntu: `sudo apt install postgresql-client-16`).',
            )
          : error,
      );
    });
    child.on('close', (code) => {
      if (code === 0) resolve();
      else
        reject(
          new CliError(`${command} failed (exit ${code}): ${stderr.trim().slice(-800)}`, ExitCode.failed),
        );
    });
  });
}

export function sha256File(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}

const stamp = (date: Date) =>
  date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');

export async function backupDatabase(
  databaseUrl: string,
  dir: string,
  now = new Date(),
): Promise<BackupResult> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const database = databaseName(databaseUrl);
  const file = path.join(dir, `homelab-${database}-${stamp(now)}.dump`);
  await run('pg_dump', ['--format=custom', '--file', file, `--dbname=${databaseUrl}`]);
  const sha256 = await sha256File(file);
  const checksumFile = `${file}.sha256`;
  // The same layout as `sha256sum`, so `sha256sum -c` verifies it too.
  writeFileSync(checksumFile, `${sha256}  ${path.basename(file)}\n`, { mode: 0o600 });
  return { file, checksumFile, sha256, bytes: statSync(file).size, database };
}

export async function verifyBackup(file: string): Promise<string> {
  if (!existsSync(file)) throw new CliError(`${file} does not exist`, ExitCode.failed);
  const checksumFile = `${file}.sha256`;
  if (!existsSync(checksumFile)) {
    throw new CliError(
      `${checksumFile} is missing, so the backup cannot be verified`,
      ExitCode.failed,
      'Restore only backups made by `homelab backup`, or pass --no-verify if you trust the file.',
    );
  }
  const expected = readFileSync(checksumFile, 'utf8').trim().split(/\s+/)[0];
  const actual = await sha256File(file);
  if (expected !== actual) {
    throw new CliError(
      `${path.basename(file)} does not match its sha256 (expected ${expected}, got ${actual}); it is damaged or changed`,
      ExitCode.failed,
    );
  }
  return actual;
}

/** Restores into an existing database, replacing the objects the dump contains, all or nothing. */
export async function restoreDatabase(file: string, databaseUrl: string, options: { verify: boolean }) {
  const sha256 = options.verify ? await verifyBackup(file) : null;
  await run('pg_restore', [
    '--clean',
    '--if-exists',
    '--no-owner',
    '--single-transaction',
    '--exit-on-error',
    `--dbname=${databaseUrl}`,
    file,
  ]);
  return { file, database: databaseName(databaseUrl), sha256 };
}
