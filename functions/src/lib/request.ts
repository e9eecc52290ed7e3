/**
 * The first middleware every request meets: a request id (kept from a trusted-looking incoming
 * header, else new), the validated config, the client IP, and one structured log line at the end.
 */
import { createMiddleware } from 'hono/factory';
import { type AppEnv, releaseRequestDb } from './context';
import { loadConfig } from './env';
import { log, setLogLevel } from './log';

const requestIdPattern = /^[A-Za-z0-9_.:-]{8,128}$/;

/**
 * The client's address, when a proxy in front says it: CF-Connecting-IP on Cloudflare, else the
 * last X-Forwarded-For hop (the one Caddy appended). Without TRUST_PROXY the headers are the
 * client's own word and are ignored; standalone workerd exposes no peer address, so it is
 * 'unknown' and the login limits fall back on the per-account count.
 */
export function clientIp(header: (name: string) => string | undefined, trustProxy: boolean) {
  if (!trustProxy) return 'unknown';
  const cf = header('cf-connecting-ip');
  if (cf) return cf.trim();
  const last = header('x-forwarded-for')?.split(',').pop()?.trim();
  return last || 'unknown';
}

export const requestContext = createMiddleware<AppEnv>(async (c, next) => {
  const started = Date.now();
  const incoming = c.req.header('x-request-id');
  const requestId = incoming && requestIdPattern.test(incoming) ? incoming : crypto.randomUUID();
  c.set('requestId', requestId);
  const config = loadConfig(c.env ?? {});
  setLogLevel(config.LOG_LEVEL);
  c.set('config', config);
  c.set(
    'ip',
    clientIp((name) => c.req.header(name), config.TRUST_PROXY === 'true'),
  );
  c.set('audit', undefined);
  c.set('requestDb', undefined);
  c.set('pending', []);
  await next();
  releaseRequestDb(c);
  c.header('x-request-id', requestId);
  const path = new URL(c.req.url).pathname;
  // Healthy answers to health probes (compose, monitors, every few seconds) would drown the log.
  const routineProbe = path === '/api/health' && c.res.status === 200;
  if (path.startsWith('/api/') && !routineProbe) {
    log(c.res.status >= 500 ? 'error' : 'info', 'request', {
      requestId,
      method: c.req.method,
      path,
      status: c.res.status,
      ms: Date.now() - started,
    });
  }
});
