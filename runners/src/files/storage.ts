/**
 * Where accepted and quarantined bytes live: under UPLOAD_DIR (objects/<id>, quarantine/<id>, files
 * 0600) or in an S3-compatible bucket (MinIO) under the same keys, signed with SigV4 by aws4fetch.
 * Keys are made from the upload id only, never from a name.
 */
import { createReadStream } from 'node:fs';
import { chmod, mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { UploadStorage } from '@homelab/db/files';
import { AwsClient } from 'aws4fetch';

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

export type S3Options = {
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId?: string;
  secretAccessKey?: string;
};

export function createS3Storage(options: S3Options): Storage {
  const client = new AwsClient({
    accessKeyId: options.accessKeyId ?? '',
    secretAccessKey: options.secretAccessKey ?? '',
    region: options.region,
    service: 's3',
  });
  // Path-style addressing: MinIO's default and valid for every S3-compatible store.
  const url = (key: string) =>
    `${options.endpoint.replace(/\/$/, '')}/${encodeURIComponent(options.bucket)}/${checkedKey(key)}`;

  async function ok(res: Response, what: string) {
    if (!res.ok) throw new Error(`S3 ${what} answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
    return res;
  }

  return {
    kind: 's3',
    async put(tempPath, area, id) {
      const key = checkedKey(`${area}/${id}`);
      const { size } = await stat(tempPath);
      const body = Readable.toWeb(createReadStream(tempPath)) as ReadableStream<Uint8Array>;
      await ok(
        await client.fetch(url(key), {
          method: 'PUT',
          body,
          headers: {
            'content-length': String(size),
            'content-type': 'application/octet-stream',
            'x-amz-content-sha256': 'UNSIGNED-PAYLOAD',
          },
          duplex: 'half',
        } as RequestInit),
        'upload',
      );
      await rm(tempPath, { force: true });
      return key;
    },
    async read(key) {
      const res = await ok(await client.fetch(url(key)), 'download');
      if (!res.body) throw new Error('S3 download had no body');
      return { body: res.body, size: Number(res.headers.get('content-length') ?? 0) };
    },
    async remove(key) {
      const res = await client.fetch(url(key), { method: 'DELETE' });
      if (!res.ok && res.status !== 404) await ok(res, 'delete');
    },
  };
}
