/** Bodies the API accepts: JSON only, and small, so a bad client gets 415/413 before any work is done. */
import { bodyLimit } from 'hono/body-limit';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from './context';
import { ApiError } from './errors';

export const maxBodyBytes = 64 * 1024;

export const limitBody = bodyLimit({
  maxSize: maxBodyBytes,
  onError: () => {
    throw new ApiError(413, 'payload_too_large', `The body is larger than ${maxBodyBytes / 1024} KiB.`);
  },
});

export const requireJson = createMiddleware<AppEnv>(async (c, next) => {
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
