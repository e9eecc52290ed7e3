/**
 * Where finished archives are kept: a local folder, an S3-compatible bucket (SigV4 by aws4fetch,
 * path-style like MinIO), or the owner's Google Drive backup folder. Each target stores a file,
 * hands a local copy back for a restore, and deletes what retention drops.
 */
import { createWriteStream } from 'node:fs';
import { chmod, copyFile, mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createS3Bucket, type S3Options } from '../s3';

export type TargetKind = 'local' | 's3' | 'drive';

export type BackupTarget = {
  kind: TargetKind;
  /** Stores the archive under `name` and answers its location (a file name, a key, a Drive id). */
  put(file: string, name: string): Promise<string>;
  /** A local file with the archive's bytes; `scratch` is a folder for a download. */
  fetch(location: string, scratch: string): Promise<string>;
  remove(location: string): Promise<void>;
};

export const archiveName = /^system-[\w.-]+\.tar(\.enc)?$/;

function checkedName(name: string) {
  if (!archiveName.test(name)) throw new Error(`not a system backup name: ${name}`);
  return name;
}

/** Archives in `dir` (folder 700, files 600: they hold every row). */
export function localTarget(dir: string): BackupTarget {
  return {
    kind: 'local',
    async put(file, name) {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      const target = path.join(dir, checkedName(name));
      try {
        await rename(file, target);
      } catch {
        // Another file system (a mounted backup disk): copy instead of move.
        await copyFile(file, target);
      }
      await chmod(target, 0o600);
      return name;
    },
    async fetch(location) {
      const file = path.join(dir, checkedName(location));
      await stat(file);
      return file;
    },
    async remove(location) {
      await rm(path.join(dir, checkedName(location)), { force: true });
    },
  };
}

export type S3TargetOptions = S3Options & {
  /** Key prefix, e.g. "homelab/system/". */
  prefix?: string;
};

export function s3Target(options: S3TargetOptions): BackupTarget {
  const bucket = createS3Bucket(options);
  const prefix = options.prefix ?? 'system-backups/';
  const keyOf = (location: string) => {
    if (!location.startsWith(prefix) || !archiveName.test(location.slice(prefix.length)))
      throw new Error(`not a system backup key: ${location}`);
    return location;
  };
  return {
    kind: 's3',
    async put(file, name) {
      const key = `${prefix}${checkedName(name)}`;
      await bucket.putFile(key, file);
      return key;
    },
    async fetch(location, scratch) {
      const key = keyOf(location);
      const { body } = await bucket.get(key);
      const file = path.join(scratch, path.basename(key));
      await pipeline(
        Readable.fromWeb(body as import('node:stream/web').ReadableStream),
        createWriteStream(file, { flags: 'wx', mode: 0o600 }),
      );
      return file;
    },
    remove: (location) => bucket.remove(keyOf(location)),
  };
}

/**
 * The owner's Drive backup folder (chosen in the Google settings). Drive is an offsite copy only:
 * restores and drills read the local or S3 copy, and retention forgets Drive rows without deleting
 * the files there (the homelab may only create files in that folder).
 */
export function driveTarget(upload: (file: string) => Promise<{ id: string } | null>): BackupTarget {
  return {
    kind: 'drive',
    async put(file) {
      const uploaded = await upload(file);
      if (!uploaded)
        throw new Error('Google Drive is not connected or no backup folder is chosen (Settings → Google).');
      return uploaded.id;
    },
    async fetch() {
      throw new Error(
        'Restoring from Google Drive is not supported here: download the file and restore it with the CLI.',
      );
    },
    async remove() {},
  };
}
