/** Bodies the API accepts: JSON only, and small, so a bad client gets 415/413 before any work is done. */
import { bodyLimit } from 'hono/body-limit';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from './context';
import { ApiError } from './errors';

export const maxBodyBytes = 64 * 1024;

/**
 * The only routes whose body is not JSON and not held to 64 KiB: each streams it on and bounds it
 * itself (uploads: UPLOAD_MAX_BYTES, counted as the bytes pass).
 */
export const streamingBodyPaths: ReadonlySet<string> = new Set(['POST /api/files/uploads']);

const streamsBody = (method: string, path: string) =>
  streamingBodyPaths.has(`${method.toUpperCase()} ${path}`);

const limitJsonBody = bodyLimit({
  maxSize: maxBodyBytes,
  onError: () => {
    throw new ApiError(413, 'payload_too_large', `The body is larger than ${maxBodyBytes / 1024} KiB.`);
  },
});

export const limitBody = createMiddleware<AppEnv>((c, next) =>
  streamsBody(c.req.method, c.req.path) ? next() : limitJsonBody(c, next),
);

export const requireJson = createMiddleware<AppEnv>(async (c, next) => {
  if (streamsBody(c.req.method, c.req.path)) return next();
  const hasBody =
    Number(c.req.header('content-length') ?? '0') > 0 || c.req.header('transfer-encoding') !== undefined;
  if (hasBody && !['GET', 'HEAD'].includes(c.req.method)) {
    const type = c.req.header('content-type') ?? '';
    if (!/^application\/json\b/i.test(type)) {
      throw new ApiError(
        415,
        'unsupported_media_type',
        'Send the body as JSON with `Content-Type: application/json`.',
      );
    }
  }
  return next();
});
