/**
 * One upload, start to end: the multipart body streamed to <dir>/.incoming while it is hashed and
 * sniffed, then typed by its bytes, checked for polyglots and archive bombs, scanned by ClamAV and
 * either stored (clean) or quarantined (infected, rejected). Whatever fails, the temp file goes.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { Pool } from '@homelab/db/client/pool';
import { type UploadView, uploadFieldName } from '@homelab/db/files';
import busboy from 'busboy';
import { HttpError } from '../internal/errors';
import type { Logger } from '../log';
import { createTextCheck, detectType, sniffBytes } from './detect';
import {
  type ArchiveLimits,
  defaultArchiveLimits,
  gzipBombReason,
  isPolyglot,
  polyglotCheckedTypes,
  zipBombReason,
} from './inspect';
import { nameForType, sanitizeName } from './sanitize';
import { type Scanner, ScannerError } from './scan';
import type { Storage } from './storage';

export type UploadDeps = {
  sql: Pool['sql'];
  log: Logger;
  dir: string;
  maxBytes: number;
  scanner: Scanner;
  storage: Storage;
  archiveLimits?: ArchiveLimits;
};

type Received = {
  tempPath: string;
  originalName: string;
  size: number;
  sha256: string;
  head: Uint8Array;
  text: { utf8: boolean; hasNul: boolean };
};

/** The outcome the route answers with: 201 clean, 422 infected or rejected. */
export type UploadOutcome = { status: 201 | 422; upload: UploadView };

export const tooLarge = (maxBytes: number) =>
  new HttpError(413, 'payload_too_large', `The file is larger than the ${maxBytes} bytes allowed.`);

/** Streams the single file of a multipart body to a temp file; nothing is left behind when it fails. */
export async function receive(
  body: ReadableStream<Uint8Array>,
  headers: Record<string, string>,
  dir: string,
  maxBytes: number,
): Promise<Received> {
  const incoming = join(dir, '.incoming');
  await mkdir(incoming, { recursive: true, mode: 0o700 });
  const tempPath = join(incoming, randomUUID());
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers,
      limits: { files: 1, fileSize: maxBytes, fields: 20, fieldSize: 1024, parts: 25, headerPairs: 50 },
    });
  } catch (error) {
    throw new HttpError(
      400,
      'invalid_request',
      `The body is not multipart/form-data: ${(error as Error).message}`,
    );
  }
  const source = Readable.fromWeb(body as never);

  try {
    return await new Promise<Received>((resolve, reject) => {
      let sawFile = false;
      let done: Promise<Omit<Received, 'tempPath'>> | null = null;
      const fail = (error: unknown) => {
        source.unpipe(parser);
        source.destroy();
        reject(error);
      };
      parser.on('file', (field, stream, info) => {
        if (field !== uploadFieldName || sawFile) {
          stream.resume();
          return;
        }
        sawFile = true;
        const hash = createHash('sha256');
        const text = createTextCheck();
        const head: Buffer[] = [];
        let headLength = 0;
        let size = 0;
        const out = createWriteStream(tempPath, { flags: 'wx', mode: 0o600 });
        done = new Promise((ok, bad) => {
          stream.on('data', (chunk: Buffer) => {
            size += chunk.length;
            hash.update(chunk);
            text.push(chunk);
            if (headLength < sniffBytes) {
              head.push(chunk.subarray(0, sniffBytes - headLength));
              headLength += Math.min(chunk.length, sniffBytes - headLength);
            }
          });
          stream.on('limit', () => {
            out.destroy();
            bad(tooLarge(maxBytes));
          });
          stream.on('error', bad);
          out.on('error', bad);
          out.on('finish', () =>
            ok({
              originalName: info.filename ?? '',
              size,
              sha256: hash.digest('hex'),
              head: new Uint8Array(Buffer.concat(head)),
              text: text.result(),
            }),
          );
          stream.pipe(out);
        });
        done.catch(fail);
      });
      parser.on('error', (error: Error) =>
        fail(new HttpError(400, 'invalid_request', `The multipart body is malformed: ${error.message}`)),
      );
      parser.on('close', () => {
        if (!done) {
          fail(
            new HttpError(
              400,
              'invalid_request',
              `Send the file in a multipart field named "${uploadFieldName}".`,
            ),
          );
          return;
        }
        done.then((received) => resolve({ ...received, tempPath }), fail);
      });
      source.on('error', (error) =>
        fail(new HttpError(400, 'invalid_request', `The upload was cut off: ${error.message}`)),
      );
      source.pipe(parser);
    });
  } catch (error) {
    await rm(tempPath, { force: true });
    throw error;
  }
}

export type UploadRow = {
  id: string;
  name: string;
  media_type: string;
  size_bytes: string | number;
  sha256: string;
  status: UploadView['status'];
  verdict: string | null;
  storage: UploadView['storage'];
  object_key: string;
  created_at: Date | string;
  scanned_at: Date | string | null;
  uploaded_by: string | null;
  uploader_name: string | null;
};

export function toView(row: UploadRow): UploadView {
  return {
    id: row.id,
    name: row.name,
    mediaType: row.media_type,
    sizeBytes: Number(row.size_bytes),
    sha256: row.sha256,
    status: row.status,
    verdict: row.verdict,
    storage: row.storage,
    createdAt: new Date(row.created_at).toISOString(),
    scannedAt: row.scanned_at ? new Date(row.scanned_at).toISOString() : null,
    uploadedBy: row.uploaded_by ? { id: row.uploaded_by, name: row.uploader_name ?? 'unknown' } : null,
  };
}

export const selectUploads = `
  select u.id, u.name, u.media_type, u.size_bytes, u.sha256, u.status, u.verdict, u.storage, u.object_key,
         u.created_at, u.scanned_at, u.uploaded_by, us.username as uploader_name
  from uploads u left join users us on us.id = u.uploaded_by`;

/** Runs the checks on a received file and records the outcome. */
export async function processUpload(
  deps: UploadDeps,
  received: Received,
  uploadedBy: string | null,
): Promise<UploadOutcome> {
  const { sql, storage, scanner } = deps;
  const id = randomUUID();
  try {
    const type = received.size === 0 ? null : detectType(received.head, received.text, received.originalName);
    let verdict: string | null = null;
    const mediaType = type?.mediaType ?? 'application/octet-stream';
    const sanitized = sanitizeName(received.originalName);
    const name = type ? nameForType(sanitized, type) : sanitized;
    if (received.size === 0) verdict = 'empty';
    else if (!type) {
      throw new HttpError(
        415,
        'unsupported_media_type',
        'This kind of file is not accepted; allowed are images (PNG, JPEG, GIF, WebP), PDF, ZIP, gzip, MP4 and UTF-8 text.',
      );
    } else if (polyglotCheckedTypes.has(mediaType) && (await isPolyglot(received.tempPath)))
      verdict = 'polyglot';
    else if (mediaType === 'application/zip')
      verdict = await zipBombReason(received.tempPath, deps.archiveLimits ?? defaultArchiveLimits);
    else if (mediaType === 'application/gzip')
      verdict = await gzipBombReason(received.tempPath, deps.archiveLimits ?? defaultArchiveLimits);
    if (verdict?.startsWith('zip bomb')) {
      deps.log.warn('upload rejected as an archive bomb', { id, detail: verdict });
      verdict = 'zip bomb';
    }

    let status: UploadView['status'] = verdict ? 'rejected' : 'clean';
    if (!verdict) {
      // Throws ScannerError when ClamAV cannot say: the file is refused, never stored unscanned.
      const result = await scanner.scan(received.tempPath);
      if (result.infected) {
        status = 'infected';
        verdict = result.signature;
      }
    }
    const key = await storage.put(received.tempPath, status === 'clean' ? 'objects' : 'quarantine', id);
    try {
      await sql.begin(async (tx) => {
        await tx`
          insert into uploads (id, name, original_name, media_type, size_bytes, sha256, status, verdict, storage,
                               object_key, uploaded_by, scanned_at)
          values (${id}, ${name}, ${received.originalName.slice(0, 1024)}, ${mediaType}, ${received.size},
                  ${received.sha256}, ${status}, ${verdict}, ${storage.kind}, ${key}, ${uploadedBy},
                  case when ${status}::text = 'rejected' then null else now() end)`;
        if (status === 'infected') {
          await tx`
            insert into automation_events (type, payload)
            values ('upload.infected', ${JSON.stringify({ id, name, signature: verdict })}::jsonb)`;
        }
      });
    } catch (error) {
      await storage.remove(key).catch(() => {});
      throw error;
    }
    const [row] = await sql.unsafe<UploadRow[]>(`${selectUploads} where u.id = $1`, [id]);
    deps.log.info('upload stored', { id, status, verdict, size: received.size });
    return { status: status === 'clean' ? 201 : 422, upload: toView(row as UploadRow) };
  } catch (error) {
    await rm(received.tempPath, { force: true });
    if (error instanceof ScannerError) {
      deps.log.error('upload refused: the virus scan failed', { err: error });
      throw new HttpError(
        503,
        'scanner_unavailable',
        'The virus scanner could not check this file, so it was not accepted; try again later.',
      );
    }
    throw error;
  }
}
