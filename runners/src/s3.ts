/**
 * One S3-compatible bucket (MinIO, AWS, Backblaze), path-style and signed with SigV4 by aws4fetch:
 * files streamed up, objects streamed down, deletes that count a missing object as gone. Callers
 * decide which keys are theirs; this module only encodes them.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { AwsClient } from 'aws4fetch';

export type S3Options = {
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId?: string;
  secretAccessKey?: string;
};

export type S3Bucket = {
  putFile(key: string, file: string): Promise<void>;
  get(key: string): Promise<{ body: ReadableStream<Uint8Array>; size: number }>;
  remove(key: string): Promise<void>;
};

export function createS3Bucket(options: S3Options): S3Bucket {
  const client = new AwsClient({
    accessKeyId: options.accessKeyId ?? '',
    secretAccessKey: options.secretAccessKey ?? '',
    region: options.region,
    service: 's3',
  });
  // Path-style addressing: MinIO's default and valid for every S3-compatible store.
  const url = (key: string) =>
    `${options.endpoint.replace(/\/$/, '')}/${encodeURIComponent(options.bucket)}/${key
      .split('/')
      .map(encodeURIComponent)
      .join('/')}`;

  async function ok(res: Response, what: string) {
    if (!res.ok) throw new Error(`S3 ${what} answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
    return res;
  }

  return {
    async putFile(key, file) {
      const { size } = await stat(file);
      await ok(
        await client.fetch(url(key), {
          method: 'PUT',
          body: Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>,
          headers: {
            'content-length': String(size),
            'content-type': 'application/octet-stream',
            'x-amz-content-sha256': 'UNSIGNED-PAYLOAD',
          },
          duplex: 'half',
        } as RequestInit),
        'upload',
      );
    },
    async get(key) {
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
