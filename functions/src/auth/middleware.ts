/**
 * Who is calling: a session cookie or an `Authorization: Bearer` API key, resolved once per
 * request; and the guards routes put in front of themselves (signed in, scope, role).
 */
import type { UserRole } from '@homelab/db/schema';
import { createMiddleware } from 'hono/factory';
import { type AppEnv, db } from '../lib/context';
import { forbidden, unauthorized } from '../lib/errors';
import { validateApiKey } from './api-keys';
import { readSessionCookie, writeSessionCookie } from './cookies';
import { validateSessionToken } from './sessions';

/** Paths that never depend on who calls, so they answer even while PostgreSQL is down. */
const anonymousPaths = new Set(['/api/health', '/api/openapi.json']);

export const authenticate = createMiddleware<AppEnv>(async (c, next) => {
  c.set('auth', null);
  if (anonymousPaths.has(c.req.path)) return next();
  const header = c.req.header('authorization');
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const auth = match ? await validateApiKey(db(c), match[1]!) : null;
    if (!auth) throw unauthorized('The API key is not valid, revoked or expired.');
    c.set('auth', auth);
    return next();
  }
  const token = readSessionCookie(c);
  if (token) {
    const session = await validateSessionToken(db(c), token);
    if (session) {
      c.set('auth', {
        kind: 'session',
        user: session.user,
        session: { id: session.id, expiresAt: session.expiresAt },
      });
      if (session.renewed) writeSessionCookie(c, token, session.expiresAt);
    }
  }
  return next();
});

const readMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

export type Guard = { role?: UserRole[]; scope?: 'read' | 'write' | 'admin' };

/**
 * Signed in, and allowed: an API key's scope must cover the request (read: GET only; write: any
 * method; admin: also what `scope: 'admin'` marks), and the user's role must be listed when given.
 */
export function requireAuth(guard: Guard = {}) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const auth = c.get('auth');
    if (!auth) throw unauthorized();
    if (auth.kind === 'api_key') {
      const need = guard.scope ?? (readMethods.has(c.req.method) ? 'read' : 'write');
      const rank = { read: 0, write: 1, admin: 2 } as const;
      if (rank[auth.key.scope] < rank[need]) {
        throw forbidden(`This API key has the "${auth.key.scope}" scope; this call needs "${need}".`);
      }
    }
    if (guard.role && !guard.role.includes(auth.user.role)) {
      throw forbidden(`This needs the ${guard.role.join(' or ')} role.`);
    }
    return next();
  });
}

/** Anyone of mission control: reads of dashboards and monitoring (not guests of the ticket desk or stream bot). */
export const reader = requireAuth({ role: ['owner', 'admin', 'member'] });

/** Changing the host (containers, databases, monitors, channels) is root on it in all but name: owners and admins. */
export const operator = requireAuth({ role: ['owner', 'admin'] });
