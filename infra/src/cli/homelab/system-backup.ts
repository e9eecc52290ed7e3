/**
 * The CLI's side of the system backup engine (@homelab/runners/sysbackup, shared with the dashboard's
 * scheduled backups): one archive of the database dump, chosen volumes and a manifest of every
 * table's fingerprint, optionally encrypted with SYSTEM_BACKUP_KEY, kept in the backup folder.
 */
import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type Dockerode from 'dockerode';
import { CliError, ExitCode } from './exit-codes';

const engine = () => import('@homelab/runners/sysbackup');

export type SystemBackupResult = {
  file: string;
  checksumFile: string;
  sha256: string;
  bytes: number;
  database: string;
  encrypted: boolean;
  tables: number;
  volumes: string[];
};

export async function createSystemBackup(options: {
  databaseUrl: string;
  dir: string;
  encryptionKey?: string;
  volumes: string[];
  docker?: Dockerode;
}): Promise<SystemBackupResult> {
  const { createBackup, localTarget } = await engine();
  const created = await createBackup({
    databaseUrl: options.databaseUrl,
    dir: options.dir,
    target: localTarget(options.dir),
    encryptionKey: options.encryptionKey,
    volumes: options.volumes,
    docker: options.docker,
  });
  const copy = created.copies[0];
  if (!copy || copy.error) {
    throw new CliError(
      `Storing the backup in ${options.dir} failed: ${copy?.error ?? 'no copy'}`,
      ExitCode.failed,
    );
  }
  const file = path.join(options.dir, created.name);
  const checksumFile = `${file}.sha256`;
  // The same layout as `sha256sum`, so `sha256sum -c` verifies it too; restore checks it first.
  writeFileSync(checksumFile, `${created.sha256}  ${created.name}\n`, { mode: 0o600 });
  return {
    file,
    checksumFile,
    sha256: created.sha256,
    bytes: created.sizeBytes,
    database: created.manifest.database.name,
    encrypted: created.encrypted,
    tables: created.manifest.database.tables.length,
    volumes: created.manifest.volumes.map((v) => v.name),
  };
}

async function withScratch<T>(work: (dir: string) => Promise<T>) {
  const dir = await mkdtemp(path.join(tmpdir(), 'homelab-restore-'));
  try {
    return await work(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Restores the database part into an empty database; volumes stay a manual step (see the manifest). */
export async function restoreSystemBackup(options: {
  file: string;
  databaseUrl: string;
  encryptionKey?: string;
}) {
  const { restoreBackup } = await engine();
  const manifest = await withScratch((scratch) =>
    restoreBackup({
      file: options.file,
      databaseUrl: options.databaseUrl,
      encryptionKey: options.encryptionKey,
      scratch,
    }),
  );
  return {
    tables: manifest.database.tables.length,
    createdAt: manifest.createdAt,
    volumes: manifest.volumes.map((v) => v.name),
  };
}

/** Restores into a throwaway database, compares every table with the manifest, drops it. */
export async function drillSystemBackup(options: { file: string; adminUrl: string; encryptionKey?: string }) {
  const { runRestoreDrill } = await engine();
  return withScratch((scratch) =>
    runRestoreDrill({
      file: options.file,
      adminUrl: options.adminUrl,
      encryptionKey: options.encryptionKey,
      scratch,
    }),
  );
}

export const isSystemArchive = (file: string) => /\.tar(\.enc)?$/.test(file);
