/**
 * Serves the built web app from the ASSETS binding (wrangler's assets, or a workerd disk service):
 * hashed files cached for a year, and index.html for any other path so the SPA router can take it.
 */
import type { Context } from 'hono';
import type { AppEnv } from '../lib/context';

const types: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  ico: 'image/x-icon',
  json: 'application/json',
  webmanifest: 'application/manifest+json',
  woff2: 'font/woff2',
  txt: 'text/plain; charset=utf-8',
};

function withType(res: Response, path: string, cache: string) {
  const ext = path.split('.').pop() ?? '';
  const headers = new Headers(res.headers);
  if (!headers.get('content-type') || headers.get('content-type') === 'application/octet-stream') {
    headers.set('content-type', types[ext] ?? 'application/octet-stream');
  }
  headers.set('cache-control', cache);
  return new Response(res.body, { status: res.status, headers });
}

export async function serveWebApp(c: Context<AppEnv>) {
  const assets = c.env?.ASSETS;
  if (!assets || !['GET', 'HEAD'].includes(c.req.method)) {
    return c.json({ error: { code: 'not_found', message: 'Not found.' } }, 404);
  }
  const url = new URL(c.req.url);
  const path = url.pathname;
  if (path !== '/' && !path.endsWith('/')) {
    const file = await assets.fetch(new Request(new URL(path, url.origin), { method: c.req.method }));
    if (file.ok) {
      const immutable = path.startsWith('/assets/');
      return withType(file, path, immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
    }
  }
  const index = await assets.fetch(new Request(new URL('/index.html', url.origin)));
  if (!index.ok) return c.text('The web app is not built. Run `npm run build`.', 503);
  return withType(index, 'index.html', 'no-cache');
}
