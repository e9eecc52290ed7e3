/**
 * The first middleware every request meets: a request id (kept from a trusted-looking incoming
 * header, else new), the validated config, the client IP, and one structured log line at the end.
 */
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from './context';
import { loadConfig } from './env';
import { log } from './log';

const requestIdPattern = /^[A-Za-z0-9_.:-]{8,128}$/;

/**
 * Behind Caddy the client is the last X-Forwarded-For hop (Caddy appends it); on Cloudflare,
 * CF-Connecting-IP. Without a proxy the header is the client's own word, which is why login
 * limits also count per account.
 */
export function clientIp(header: (name: string) => string | undefined) {
  const cf = header('cf-connecting-ip');
  if (cf) return cf.trim();
  const xff = header('x-forwarded-for');
  const last = xff?.split(',').pop()?.trim();
  return last || 'unknown';
}

export const requestContext = createMiddleware<AppEnv>(async (c, next) => {
  const started = Date.now();
  const incoming = c.req.header('x-request-id');
  const requestId = incoming && requestIdPattern.test(incoming) ? incoming : crypto.randomUUID();
  c.set('requestId', requestId);
  c.set('config', loadConfig(c.env ?? {}));
  c.set(
    'ip',
    clientIp((name) => c.req.header(name)),
  );
  c.set('audit', undefined);
  c.set('requestDb', undefined);
  await next();
  c.header('x-request-id', requestId);
  const path = new URL(c.req.url).pathname;
  if (path.startsWith('/api/')) {
    log(c.res.status >= 500 ? 'error' : 'info', 'request', {
      requestId,
      method: c.req.method,
      path,
      status: c.res.status,
      ms: Date.now() - started,
    });
  }
});
