/** The files runner's internal routes; functions relay to them with the uploader's id in a header. */
import { allowedTypes, type FilesConfig, uploadListQuerySchema } from '@homelab/db/files';
import { z } from 'zod';
import { createRunnerRoutes, HttpError } from '../internal/errors';
import {
  processUpload,
  receive,
  selectUploads,
  tooLarge,
  toView,
  type UploadDeps,
  type UploadRow,
} from './uploads';

/** Set by functions from the session; the runner trusts it because the call is signed. */
export const uploaderHeader = 'x-homelab-uploader';

const idSchema = z.string().uuid();

export function createFilesRoutes(deps: UploadDeps) {
  const { sql, storage, scanner, maxBytes } = deps;

  async function find(id: string) {
    if (!idSchema.safeParse(id).success) throw new HttpError(404, 'not_found', 'There is no such upload.');
    const [row] = await sql.unsafe<UploadRow[]>(`${selectUploads} where u.id = $1`, [id]);
    if (!row) throw new HttpError(404, 'not_found', 'There is no such upload.');
    return row;
  }

  return createRunnerRoutes()
    .get('/config', async (c) =>
      c.json({
        maxBytes,
        allowedTypes: [...allowedTypes],
        scanner: await scanner.kind(),
        storage: storage.kind,
      } satisfies FilesConfig),
    )
    .post('/uploads', async (c) => {
      const declared = Number(c.req.header('content-length') ?? '0');
      // The multipart envelope adds a little; anything past that cannot hold an allowed file.
      if (declared > maxBytes + 64 * 1024) throw tooLarge(maxBytes);
      if (!c.req.raw.body) throw new HttpError(400, 'invalid_request', 'The upload has no body.');
      const uploader = c.req.header(uploaderHeader);
      const uploadedBy = uploader && idSchema.safeParse(uploader).success ? uploader : null;
      const headers: Record<string, string> = {};
      c.req.raw.headers.forEach((value, key) => {
        headers[key] = value;
      });
      const received = await receive(c.req.raw.body, headers, deps.dir, maxBytes);
      const outcome = await processUpload(deps, received, uploadedBy);
      if (outcome.status === 201) return c.json(outcome.upload, 201);
      const infected = outcome.upload.status === 'infected';
      return c.json(
        {
          error: {
            code: infected ? 'infected' : 'rejected',
            message: infected
              ? `The file is infected (${outcome.upload.verdict}); it was quarantined.`
              : `The file was rejected: ${outcome.upload.verdict}.`,
          },
          upload: outcome.upload,
        },
        422,
      );
    })
    .get('/uploads', async (c) => {
      const parsed = uploadListQuerySchema.safeParse(Object.fromEntries(new URL(c.req.url).searchParams));
      if (!parsed.success)
        throw new HttpError(400, 'invalid_request', 'status must be scanning, clean, infected or rejected.');
      const { status, limit } = parsed.data;
      const rows = await sql.unsafe<UploadRow[]>(
        `${selectUploads} where ($1::text is null or u.status = $1) order by u.created_at desc limit $2`,
        [status ?? null, limit],
      );
      return c.json({ uploads: rows.map(toView) });
    })
    .get('/uploads/:id', async (c) => c.json(toView(await find(c.req.param('id')))))
    .delete('/uploads/:id', async (c) => {
      const row = await find(c.req.param('id'));
      await storage.remove(row.object_key);
      await sql`delete from uploads where id = ${row.id}`;
      return c.json({ deleted: toView(row) });
    })
    .get('/uploads/:id/content', async (c) => {
      const row = await find(c.req.param('id'));
      if (row.status !== 'clean')
        throw new HttpError(409, 'conflict', 'Only files that passed the virus scan can be downloaded.');
      const { body, size } = await storage.read(row.object_key);
      return new Response(body, {
        headers: {
          'content-type': row.media_type,
          'content-length': String(size),
          'x-upload-name': encodeURIComponent(row.name),
        },
      });
    });
}
