/**
 * `/api/files`: uploads. The body of an upload is streamed to the files runner as it arrives (never
 * buffered here), counted on the way and cut past UPLOAD_MAX_BYTES; the runner types, checks, scans
 * and stores it. Downloads go through expiring signed links that need no session, only for clean files.
 */
import {
  filesConfigSchema,
  linkInputSchema,
  linkViewSchema,
  type UploadView,
  uploadErrorSchema,
  uploadListQuerySchema,
  uploadListSchema,
  uploadViewSchema,
} from '@homelab/db/files';
import { RunnerUnavailableError } from '@homelab/runners/client';
import { createRoute, z } from '@hono/zod-openapi';
import { operator, reader } from '../auth/middleware';
import { type AppContext, auditAs } from '../lib/context';
import { ApiError, unavailable } from '../lib/errors';
import { createRouter, errors, jsonBody, jsonResponse, readErrors, writeErrors } from '../lib/router';
import { query, relay, relayJson, runners } from '../lib/runners';
import { signLink, verifyLink } from './links';

const tags = ['files'];
const upload = uploadViewSchema.meta({ id: 'Upload' });
const idParam = z.object({ id: z.uuid({ error: 'must be an upload id' }) });
/** Room for the multipart envelope around a file of the largest allowed size. */
const envelopeBytes = 64 * 1024;
const uploaderHeader = 'x-homelab-uploader';

const uploadRoute = createRoute({
  method: 'post',
  path: '/uploads',
  tags,
  summary: 'Upload one file (multipart/form-data, field "file"); it is typed, checked and virus-scanned',
  // Described, not declared as a request body: a declared form body would be read and parsed here.
  description:
    'Send `multipart/form-data` with the file in the field `file`; the body is streamed to the files runner as it arrives.',
  middleware: [operator] as const,
  responses: {
    201: jsonResponse(upload, 'Clean and stored'),
    ...errors(400, 401, 403, 429, 503),
    413: jsonResponse(uploadErrorSchema, 'Larger than UPLOAD_MAX_BYTES; nothing was stored'),
    415: jsonResponse(uploadErrorSchema, 'Not one of the allowed types'),
    422: jsonResponse(uploadErrorSchema, 'Infected (quarantined) or rejected (zip bomb, polyglot, empty)'),
  },
});
const listRoute = createRoute({
  method: 'get',
  path: '/uploads',
  tags,
  summary: 'Uploads, newest first (names are as uploaders gave them, sanitised)',
  middleware: [reader] as const,
  request: { query: uploadListQuerySchema },
  responses: { 200: jsonResponse(uploadListSchema, 'Uploads'), ...errors(400, ...readErrors) },
});
const getRoute = createRoute({
  method: 'get',
  path: '/uploads/{id}',
  tags,
  summary: 'One upload',
  middleware: [reader] as const,
  request: { params: idParam },
  responses: { 200: jsonResponse(upload, 'Upload'), ...errors(400, 404, ...readErrors) },
});
const linkRoute = createRoute({
  method: 'post',
  path: '/uploads/{id}/link',
  tags,
  summary: 'An expiring download link for a clean upload; anyone holding it can download until it expires',
  middleware: [reader] as const,
  request: { params: idParam, body: { ...jsonBody(linkInputSchema), required: false } },
  responses: { 200: jsonResponse(linkViewSchema, 'Link'), ...errors(...writeErrors) },
});
const deleteRoute = createRoute({
  method: 'delete',
  path: '/uploads/{id}',
  tags,
  summary: 'Delete an upload and its bytes (quarantined ones too)',
  middleware: [operator] as const,
  request: { params: idParam },
  responses: { 204: { description: 'Deleted' }, ...errors(...writeErrors) },
});
const configRoute = createRoute({
  method: 'get',
  path: '/config',
  tags,
  summary: 'The largest upload, the allowed types, the virus scanner in use and the storage',
  middleware: [reader] as const,
  responses: { 200: jsonResponse(filesConfigSchema, 'Upload settings'), ...errors(...readErrors) },
});
const downloadRoute = createRoute({
  method: 'get',
  path: '/download/{token}',
  tags,
  summary: 'Download a clean upload through a signed link (no session needed)',
  request: { params: z.object({ token: z.string().min(10).max(512) }) },
  responses: {
    200: {
      description: 'The file, as an attachment',
      content: { 'application/octet-stream': { schema: z.string() } },
    },
    ...errors(404, 503),
    410: jsonResponse(
      z.object({ error: z.object({ code: z.string(), message: z.string() }) }),
      'The link expired',
    ),
  },
});

function linkSecret(c: AppContext) {
  const config = c.get('config');
  return config.ENCRYPTION_KEY ?? config.RUNNER_SECRET;
}

/** Content types a browser shows inline but cannot run; text is served as text whatever it holds. */
function safeContentType(mediaType: string) {
  if (mediaType === 'text/csv') return 'text/csv; charset=utf-8';
  if (mediaType.startsWith('text/') || mediaType === 'application/json') return 'text/plain; charset=utf-8';
  if (/^(image\/(png|jpeg|gif|webp)|application\/(pdf|zip|gzip)|video\/mp4)$/.test(mediaType))
    return mediaType;
  return 'application/octet-stream';
}

function contentDisposition(name: string) {
  const fallback = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\;]/g, '_') || 'download';
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

type RunnerRefusal = { error?: { code?: string; message?: string }; upload?: UploadView };

/** Counts the bytes passing and errors the stream once they pass `limit`. */
function countingStream(limit: number, onOver: () => void) {
  let seen = 0;
  return new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      seen += chunk.byteLength;
      if (seen > limit) {
        onOver();
        controller.error(new Error('upload over the size limit'));
        return;
      }
      controller.enqueue(chunk);
    },
  });
}

function tooLarge(maxBytes: number) {
  return new ApiError(413, 'payload_too_large', `The file is larger than the ${maxBytes} bytes allowed.`);
}

export const fileRoutes = createRouter()
  .openapi(uploadRoute, async (c) => {
    const maxBytes = c.get('config').UPLOAD_MAX_BYTES;
    auditAs(c, 'files.upload.refused');
    const declared = c.req.header('content-length');
    if (declared !== undefined && Number(declared) > maxBytes + envelopeBytes) throw tooLarge(maxBytes);
    if (!/^multipart\/form-data\b/i.test(c.req.header('content-type') ?? ''))
      throw new ApiError(
        415,
        'unsupported_media_type',
        'Send the file as multipart/form-data in a field named "file".',
      );
    const body = c.req.raw.body;
    if (!body) throw new ApiError(400, 'invalid_request', 'The upload has no body.');
    let over = false;
    const auth = c.get('auth');
    let res: Response;
    try {
      res = await runners(c).call({
        runner: 'files',
        method: 'POST',
        path: '/uploads',
        stream: body.pipeThrough(
          countingStream(maxBytes + envelopeBytes, () => {
            over = true;
          }),
        ),
        headers: {
          'content-type': c.req.header('content-type') as string,
          ...(declared !== undefined ? { 'content-length': declared } : {}),
          ...(auth ? { [uploaderHeader]: auth.user.id } : {}),
        },
        requestId: c.get('requestId'),
        // Scanning a large file takes a while; the answer comes only after it.
        timeoutMs: 10 * 60_000,
      });
    } catch (error) {
      if (over) throw tooLarge(maxBytes);
      if (error instanceof RunnerUnavailableError)
        throw unavailable(
          'runner_unavailable',
          'The files runner is not connected right now; try the upload again later.',
        );
      throw error;
    }
    if (over) throw tooLarge(maxBytes);
    if (res.status === 201) {
      const view = (await res.json()) as UploadView;
      auditAs(c, 'files.upload.accepted', view.id, auditDetail(view));
      return c.json(view, 201);
    }
    const refusal = (await res.json().catch(() => ({}))) as RunnerRefusal;
    const code = refusal.error?.code ?? 'runner_failed';
    const message =
      refusal.error?.message ?? 'The files runner could not take this upload; its logs have the details.';
    if (res.status === 422 && refusal.upload) {
      const view = refusal.upload;
      auditAs(
        c,
        `files.upload.${view.status === 'infected' ? 'infected' : 'rejected'}`,
        view.id,
        auditDetail(view),
      );
      return c.json({ error: { code, message }, upload: view }, 422);
    }
    if ([400, 413, 415].includes(res.status))
      throw new ApiError(res.status as 400 | 413 | 415, code, message);
    if (res.status === 503) throw unavailable(code, message);
    throw new ApiError(
      502,
      'runner_failed',
      'The files runner could not take this upload; its logs have the details.',
    );
  })
  .openapi(listRoute, async (c) =>
    c.json(
      await relayJson<z.infer<typeof uploadListSchema>>(c, 'files', {
        path: `/uploads${query(c.req.valid('query'))}`,
      }),
      200,
    ),
  )
  .openapi(getRoute, async (c) =>
    c.json(await relayJson<UploadView>(c, 'files', { path: `/uploads/${c.req.valid('param').id}` }), 200),
  )
  .openapi(linkRoute, async (c) => {
    const { id } = c.req.valid('param');
    const input = linkInputSchema.parse((await c.req.json().catch(() => ({}))) ?? {});
    const view = await relayJson<UploadView>(c, 'files', { path: `/uploads/${id}` });
    auditAs(c, 'files.link', id, { name: view.name, expiresInMinutes: input.expiresInMinutes });
    if (view.status !== 'clean')
      throw new ApiError(409, 'conflict', `Only clean files can be downloaded; this one is ${view.status}.`);
    const expiresAt = new Date(Date.now() + input.expiresInMinutes * 60_000);
    const token = await signLink(linkSecret(c), id, expiresAt);
    return c.json({ url: `/api/files/download/${token}`, expiresAt: expiresAt.toISOString() }, 200);
  })
  .openapi(deleteRoute, async (c) => {
    const { id } = c.req.valid('param');
    auditAs(c, 'files.delete', id);
    const res = await relay(c, 'files', { method: 'DELETE', path: `/uploads/${id}` });
    const { deleted } = (await res.json()) as { deleted: UploadView };
    auditAs(c, 'files.delete', id, auditDetail(deleted));
    return c.body(null, 204);
  })
  .openapi(configRoute, async (c) =>
    c.json(await relayJson<z.infer<typeof filesConfigSchema>>(c, 'files', { path: '/config' }), 200),
  )
  .openapi(downloadRoute, async (c) => {
    const check = await verifyLink(linkSecret(c), c.req.valid('param').token);
    if (!check.ok && check.reason === 'expired')
      throw new ApiError(
        410,
        'link_expired',
        `This download link expired at ${check.expiresAt.toISOString()}; ask for a new one.`,
      );
    if (!check.ok) throw new ApiError(404, 'not_found', 'This download link is not valid.');
    let res: Response;
    try {
      res = await relay(c, 'files', { path: `/uploads/${check.id}/content`, timeoutMs: 30_000 });
    } catch (error) {
      if (error instanceof ApiError && (error.status === 404 || error.status === 409))
        throw new ApiError(
          404,
          'not_found',
          'The file behind this link is gone or not available for download.',
        );
      throw error;
    }
    const name = decodeURIComponent(res.headers.get('x-upload-name') ?? 'download');
    const headers = new Headers({
      'content-type': safeContentType(res.headers.get('content-type') ?? ''),
      'content-disposition': contentDisposition(name),
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
      'cache-control': 'private, no-store',
    });
    const length = res.headers.get('content-length');
    if (length) headers.set('content-length', length);
    return new Response(res.body, { status: 200, headers }) as never;
  });

function auditDetail(view: UploadView) {
  return {
    name: view.name,
    sizeBytes: view.sizeBytes,
    sha256: view.sha256,
    status: view.status,
    verdict: view.verdict,
  };
}
