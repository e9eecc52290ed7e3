/**
 * Reading an archive back: decrypt (the GCM tag proves nothing changed), unpack, check every part
 * against the manifest's sha256, then pg_restore into a database. A restore drill does this into a
 * throwaway database and compares each table with the fingerprints taken at dump time.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { serverMajor } from './backup';
import { decryptFile, isEncryptedFile, parseBackupKey } from './crypt';
import { compareFingerprints, type FingerprintMismatch, fingerprintTables, openStable } from './fingerprint';
import { databasePart, type Manifest, manifestPart, parseManifest, sha256File } from './manifest';
import { findPgProgram, libpqEnv, runProgram, withDatabase } from './pgtools';
import { extractTar } from './tar';

export type UnpackedArchive = { dir: string; manifest: Manifest };

/** Unpacks `file` into a new folder under `scratch` and verifies it; the caller removes `dir`. */
export async function unpackArchive(
  file: string,
  scratch: string,
  encryptionKey?: string,
): Promise<UnpackedArchive> {
  await mkdir(scratch, { recursive: true, mode: 0o700 });
  const dir = await mkdtemp(path.join(scratch, '.restore-'));
  try {
    let tarFile = file;
    if (await isEncryptedFile(file)) {
      if (!encryptionKey) throw new Error('The archive is encrypted and SYSTEM_BACKUP_KEY is not set.');
      tarFile = path.join(dir, 'archive.tar');
      await decryptFile(file, tarFile, parseBackupKey(encryptionKey));
    }
    const partsDir = path.join(dir, 'parts');
    await mkdir(partsDir, { mode: 0o700 });
    const names = await extractTar(tarFile, partsDir);
    if (tarFile !== file) await rm(tarFile, { force: true });
    if (names[0] !== manifestPart) throw new Error('The archive has no manifest: it is not a system backup.');
    const manifest = parseManifest(await readFile(path.join(partsDir, manifestPart), 'utf8'));
    for (const part of manifest.parts) {
      if (!names.includes(part.name))
        throw new Error(`The archive lacks ${part.name}, which its manifest lists.`);
      const { sha256 } = await sha256File(path.join(partsDir, part.name));
      if (sha256 !== part.sha256)
        throw new Error(`${part.name} does not match its checksum in the manifest: the archive is damaged.`);
    }
    return { dir: partsDir, manifest };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

const databaseNamePattern = /^[a-z_][a-z0-9_]{0,62}$/;

export function checkDatabaseName(name: string) {
  if (!databaseNamePattern.test(name))
    throw new Error(`"${name}" is not a usable database name: lowercase letters, digits and _ (up to 63).`);
  return name;
}

/** Creates an empty database on the admin URL's server; refuses a name that exists. */
export async function createDatabase(adminUrl: string, name: string) {
  checkDatabaseName(name);
  const sql = openStable(adminUrl);
  try {
    const [exists] = await sql`select 1 from pg_database where datname = ${name}`;
    if (exists) throw new Error(`A database named ${name} already exists; restores only go into a new one.`);
    await sql.unsafe(`create database "${name}"`);
  } catch (error) {
    if ((error as { code?: string }).code === '42501')
      throw new Error(
        `The role in the admin URL may not create databases (CREATEDB): ${(error as Error).message}`,
      );
    throw error;
  } finally {
    await sql.end({ timeout: 5 });
  }
  return withDatabase(adminUrl, name);
}

export async function dropDatabase(adminUrl: string, name: string) {
  checkDatabaseName(name);
  const sql = openStable(adminUrl);
  try {
    await sql.unsafe(`drop database if exists "${name}" with (force)`);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

export type RestoreOptions = {
  /** A local archive file (a target's fetch() gives one). */
  file: string;
  encryptionKey?: string;
  /** The database to restore into; it should be empty. */
  databaseUrl: string;
  scratch: string;
  /** Leave out ownership and grants (a copy to inspect, or a role that is not a superuser). */
  noOwner?: boolean;
  signal?: AbortSignal;
};

async function restoreParts(unpacked: UnpackedArchive, options: Omit<RestoreOptions, 'file' | 'scratch'>) {
  const sql = openStable(options.databaseUrl);
  let major: number;
  try {
    major = (await serverMajor(sql)).major;
  } finally {
    await sql.end({ timeout: 5 });
  }
  const pgRestore = await findPgProgram('pg_restore', major);
  const { env, database } = libpqEnv(options.databaseUrl);
  await runProgram(
    pgRestore,
    [
      '--no-password',
      '--exit-on-error',
      ...(options.noOwner ? ['--no-owner', '--no-acl'] : []),
      `--dbname=${database}`,
      path.join(unpacked.dir, databasePart),
    ],
    { env, signal: options.signal },
  );
}

/** Restores the database part of an archive; answers its manifest. Volumes are restored by hand. */
export async function restoreBackup(options: RestoreOptions): Promise<Manifest> {
  const unpacked = await unpackArchive(options.file, options.scratch, options.encryptionKey);
  try {
    await restoreParts(unpacked, options);
    return unpacked.manifest;
  } finally {
    await rm(path.dirname(unpacked.dir), { recursive: true, force: true });
  }
}

export type DrillResult = {
  status: 'passed' | 'failed';
  database: string;
  tablesChecked: number;
  rowsChecked: number;
  /** Tables compared by md5 of every row, the rest by count. */
  tablesHashed: number;
  mismatches: FingerprintMismatch[];
  error: string | null;
};

export type DrillOptions = {
  file: string;
  encryptionKey?: string;
  /** A role that may create and drop databases on the server the backup came from. */
  adminUrl: string;
  scratch: string;
  signal?: AbortSignal;
};

/** Restores into drill_<random>, compares every table with the manifest, and drops it; never throws for a bad backup. */
export async function runRestoreDrill(options: DrillOptions): Promise<DrillResult> {
  const database = `drill_${randomBytes(6).toString('hex')}`;
  const result: DrillResult = {
    status: 'failed',
    database,
    tablesChecked: 0,
    rowsChecked: 0,
    tablesHashed: 0,
    mismatches: [],
    error: null,
  };
  let unpacked: UnpackedArchive | null = null;
  let created = false;
  try {
    unpacked = await unpackArchive(options.file, options.scratch, options.encryptionKey);
    const url = await createDatabase(options.adminUrl, database);
    created = true;
    await restoreParts(unpacked, { databaseUrl: url, noOwner: true, signal: options.signal });
    const sql = openStable(url);
    try {
      const expected = unpacked.manifest.database.tables;
      const actual = await fingerprintTables(sql, unpacked.manifest.database.hashRowLimit);
      result.mismatches = compareFingerprints(expected, actual);
      result.tablesChecked = expected.length;
      result.rowsChecked = expected.reduce((sum, table) => sum + table.rows, 0);
      result.tablesHashed = expected.filter((table) => table.md5).length;
    } finally {
      await sql.end({ timeout: 5 });
    }
    if (result.mismatches.length === 0) result.status = 'passed';
    else
      result.error = `${result.mismatches.length} table(s) differ from the source: ${result.mismatches
        .slice(0, 3)
        .map((m) => `${m.table} (${m.expected}, restored ${m.actual})`)
        .join('; ')}`;
  } catch (error) {
    result.error = (error as Error).message;
  } finally {
    if (unpacked) await rm(path.dirname(unpacked.dir), { recursive: true, force: true });
    if (created)
      await dropDatabase(options.adminUrl, database).catch((error: unknown) => {
        result.error = `${result.error ? `${result.error}; ` : ''}dropping ${database} failed: ${(error as Error).message}`;
      });
  }
  return result;
}
