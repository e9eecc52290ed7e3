/**
 * Where accepted and quarantined bytes live: under UPLOAD_DIR (objects/<id>, quarantine/<id>, files
 * 0600) or in an S3-compatible bucket (MinIO) under the same keys, signed with SigV4 (../s3.ts).
 * Keys are made from the upload id only, never from a name.
 */
import { createReadStream } from 'node:fs';
import { chmod, mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { UploadStorage } from '@homelab/db/files';
import { createS3Bucket, type S3Options } from '../s3';

export type Area = 'objects' | 'quarantine';

export type Storage = {
  kind: UploadStorage;
  /** Moves a scanned temp file into place and returns its key; the temp file is gone afterwards. */
  put(tempPath: string, area: Area, id: string): Promise<string>;
  read(key: string): Promise<{ body: ReadableStream<Uint8Array>; size: number }>;
  remove(key: string): Promise<void>;
};

const keyPattern = /^(objects|quarantine)\/[0-9a-f-]{36}$/;

function checkedKey(key: string) {
  if (!keyPattern.test(key)) throw new Error(`not an upload key: ${key}`);
  return key;
}

export function createLocalStorage(dir: string): Storage {
  return {
    kind: 'local',
    async put(tempPath, area, id) {
      const key = checkedKey(`${area}/${id}`);
      await mkdir(join(dir, area), { recursive: true, mode: 0o700 });
      await rename(tempPath, join(dir, key));
      await chmod(join(dir, key), 0o600);
      return key;
    },
    async read(key) {
      const path = join(dir, checkedKey(key));
      const { size } = await stat(path);
      return { body: Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>, size };
    },
    async remove(key) {
      await rm(join(dir, checkedKey(key)), { force: true });
    },
  };
}

export function createS3Storage(options: S3Options): Storage {
  const bucket = createS3Bucket(options);
  return {
    kind: 's3',
    async put(tempPath, area, id) {
      const key = checkedKey(`${area}/${id}`);
      await bucket.putFile(key, tempPath);
      await rm(tempPath, { force: true });
      return key;
    },
    read: (key) => bucket.get(checkedKey(key)),
    remove: (key) => bucket.remove(checkedKey(key)),
  };
}
