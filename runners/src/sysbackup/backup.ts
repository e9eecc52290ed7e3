/**
 * Making a system backup: pg_dump -Fc of the homelab database and a tar of each chosen volume,
 * packed with a manifest into one archive, optionally encrypted, and stored on each target. The
 * dump and the table fingerprints come from one exported snapshot, so the manifest describes
 * exactly the rows in the dump.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type Dockerode from 'dockerode';
import { encryptFile, parseBackupKey } from './crypt';
import { defaultHashRowLimit, fingerprintTables, openStable } from './fingerprint';
import {
  databasePart,
  type Manifest,
  type ManifestPart,
  manifestFormat,
  manifestPart,
  sha256File,
} from './manifest';
import { findPgProgram, libpqEnv, runProgram } from './pgtools';
import { writeTar } from './tar';
import type { BackupTarget, TargetKind } from './targets';
import { dumpVolume } from './volumes';

export type CreateBackupOptions = {
  /** The database to dump: a role that can read every table (the owner's URL is safest). */
  databaseUrl: string;
  /** Docker volumes to include; needs `docker`. */
  volumes?: string[];
  docker?: Dockerode;
  helperImage?: string;
  /** One target or several; the archive is made once and stored on each (local last). */
  target: BackupTarget | BackupTarget[];
  /** SYSTEM_BACKUP_KEY (base64 of 32 bytes); the archive is encrypted when given. */
  encryptionKey?: string;
  /** Scratch folder for the parts while the archive is made. */
  dir: string;
  at?: Date;
  hashRowLimit?: number;
  signal?: AbortSignal;
};

export type StoredCopy = { target: TargetKind; location: string | null; error: string | null };

export type CreatedBackup = {
  name: string;
  sizeBytes: number;
  sha256: string;
  encrypted: boolean;
  manifest: Manifest;
  copies: StoredCopy[];
};

export async function serverMajor(sql: ReturnType<typeof openStable>) {
  const [row] = await sql<{ version: string; num: string }[]>`
    select current_setting('server_version') as version, current_setting('server_version_num') as num`;
  if (!row) throw new Error('The server did not say its version.');
  return { version: row.version, major: Math.floor(Number(row.num) / 10_000) };
}

/** system-2026-05-01T03-30-00.000Z.tar(.enc): sorts by time, no ':' (awkward on some file systems). */
export function archiveFileName(at: Date, encrypted: boolean) {
  return `system-${at.toISOString().replaceAll(':', '-')}.tar${encrypted ? '.enc' : ''}`;
}

export async function createBackup(options: CreateBackupOptions): Promise<CreatedBackup> {
  const key = options.encryptionKey ? parseBackupKey(options.encryptionKey) : null;
  const at = options.at ?? new Date();
  const hashRowLimit = options.hashRowLimit ?? defaultHashRowLimit;
  const volumes = options.volumes ?? [];
  if (volumes.length > 0 && !options.docker)
    throw new Error('Backing up volumes needs the container engine (DOCKER_HOST).');
  await mkdir(options.dir, { recursive: true, mode: 0o700 });
  const work = await mkdtemp(path.join(options.dir, '.work-'));
  try {
    const dumpFile = path.join(work, databasePart);
    const { env, database } = libpqEnv(options.databaseUrl);
    const sql = openStable(options.databaseUrl);
    let serverVersion: string;
    let tables: Manifest['database']['tables'];
    try {
      const server = await serverMajor(sql);
      serverVersion = server.version;
      const pgDump = await findPgProgram('pg_dump', server.major);
      tables = await sql
        .begin('isolation level repeatable read read only', async (tx) => {
          const [exported] = await tx<{ snapshot: string }[]>`select pg_export_snapshot() as snapshot`;
          const snapshot = exported?.snapshot ?? '';
          const [, fingerprints] = await Promise.all([
            runProgram(pgDump, ['--format=custom', '--no-password', `--snapshot=${snapshot}`], {
              env,
              stdoutFile: dumpFile,
              signal: options.signal,
            }),
            fingerprintTables(tx, hashRowLimit),
          ]);
          return fingerprints;
        })
        .catch((error: Error) => {
          if (/permission denied/.test(error.message))
            throw new Error(
              `${error.message} (the role in the URL cannot read every table: give the runners DATABASE_OWNER_URL or SYSTEM_BACKUP_ADMIN_URL)`,
            );
          throw error;
        });
    } finally {
      await sql.end({ timeout: 5 });
    }

    const volumeParts: Manifest['volumes'] = [];
    for (const volume of volumes) {
      const part = `volumes/${volume}.tar`;
      await mkdir(path.join(work, 'volumes'), { recursive: true, mode: 0o700 });
      await dumpVolume(options.docker as Dockerode, volume, path.join(work, part), {
        image: options.helperImage,
        signal: options.signal,
      });
      volumeParts.push({ name: volume, part });
    }

    const partNames = [databasePart, ...volumeParts.map((v) => v.part)];
    const parts: ManifestPart[] = [];
    for (const name of partNames) parts.push({ name, ...(await sha256File(path.join(work, name))) });
    const manifest: Manifest = {
      format: manifestFormat,
      createdAt: at.toISOString(),
      database: { name: database, serverVersion, hashRowLimit, tables },
      volumes: volumeParts,
      parts,
    };
    await writeFile(path.join(work, manifestPart), JSON.stringify(manifest, null, 2), { mode: 0o600 });

    const name = archiveFileName(at, Boolean(key));
    const plain = path.join(work, key ? 'archive.tar' : name);
    await writeTar(
      plain,
      [manifestPart, ...partNames].map((part) => ({ name: part, file: path.join(work, part) })),
    );
    const archive = path.join(work, name);
    if (key) {
      await encryptFile(plain, archive, key);
      await rm(plain, { force: true });
    }
    const { sha256, bytes } = await sha256File(archive);

    // The local target moves the file, so the copies elsewhere are made first.
    const targets = [...(Array.isArray(options.target) ? options.target : [options.target])].sort(
      (a, b) => Number(a.kind === 'local') - Number(b.kind === 'local'),
    );
    const copies: StoredCopy[] = [];
    for (const target of targets) {
      try {
        copies.push({ target: target.kind, location: await target.put(archive, name), error: null });
      } catch (error) {
        copies.push({ target: target.kind, location: null, error: (error as Error).message });
      }
    }
    return { name, sizeBytes: bytes, sha256, encrypted: Boolean(key), manifest, copies };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
