/**
 * The session cookie: HttpOnly, SameSite=Lax, Secure everywhere except plain-http localhost (where
 * browsers would drop a Secure cookie). With Secure it takes the __Host- prefix, pinning it to this host.
 */
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { AppEnv } from '../lib/context';

const plainName = 'hl_session';
const hostName = '__Host-hl_session';

export function isSecureRequest(c: Context<AppEnv>) {
  const mode = c.get('config').SECURE_COOKIES;
  if (mode !== 'auto') return mode === 'true';
  const url = new URL(c.req.url);
  const proto = c.req.header('x-forwarded-proto') ?? url.protocol.replace(':', '');
  if (proto === 'https') return true;
  return !['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}

export function readSessionCookie(c: Context<AppEnv>) {
  return getCookie(c, hostName) ?? getCookie(c, plainName);
}

export function writeSessionCookie(c: Context<AppEnv>, token: string, expiresAt: Date) {
  const secure = isSecureRequest(c);
  setCookie(c, secure ? hostName : plainName, token, {
    httpOnly: true,
    secure,
    sameSite: 'Lax',
    path: '/',
    expires: expiresAt,
  });
}

export function clearSessionCookie(c: Context<AppEnv>) {
  const secure = isSecureRequest(c);
  deleteCookie(c, secure ? hostName : plainName, { path: '/', secure, httpOnly: true, sameSite: 'Lax' });
}
