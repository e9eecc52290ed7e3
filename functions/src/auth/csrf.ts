/**
 * Cross-site request forgery guard for cookie-authenticated mutations: a browser always sends
 * Origin (and Sec-Fetch-Site) on a cross-site POST, so a mismatch is refused. Bearer-key calls
 * carry no ambient credential and pass; so do clients that send neither header (curl, n8n).
 */
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../lib/context';
import { forbidden } from '../lib/errors';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isSameOrigin(origin: string, requestUrl: string, publicOrigin?: string) {
  if (publicOrigin && origin === new URL(publicOrigin).origin) return true;
  try {
    return new URL(origin).host === new URL(requestUrl).host;
  } catch {
    return false;
  }
}

export const csrf = createMiddleware<AppEnv>(async (c, next) => {
  if (safeMethods.has(c.req.method) || /^Bearer\s/i.test(c.req.header('authorization') ?? '')) return next();
  const site = c.req.header('sec-fetch-site');
  const origin = c.req.header('origin');
  const refused =
    (site !== undefined && site !== 'same-origin' && site !== 'none') ||
    (origin !== undefined && !isSameOrigin(origin, c.req.url, c.get('config').PUBLIC_ORIGIN));
  if (refused) throw forbidden('Cross-site requests are refused. Use the app itself, or an API key.');
  return next();
});
