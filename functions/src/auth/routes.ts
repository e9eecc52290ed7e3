/** First-run setup, sign-in, sign-out and "who am I". */

import { users } from '@homelab/db/schema';
import { createRoute, z } from '@hono/zod-openapi';
import { eq, ne, sql } from 'drizzle-orm';
import { auditAs, db } from '../lib/context';
import { conflict, tooManyRequests, unauthorized } from '../lib/errors';
import { createRouter, errors, jsonBody, jsonResponse } from '../lib/router';
import { clearSessionCookie, readSessionCookie, writeSessionCookie } from './cookies';
import { checkLoginLimit, recordLoginAttempt } from './login-limit';
import { requireAuth } from './middleware';
import { burnVerify, hashPassword, needsRehash, verifyPassword } from './password';
import { credentialsSchema, newPasswordSchema, toUser, userSchema } from './schemas';
import { createSession, invalidateSession } from './sessions';
import { parseSessionToken } from './tokens';

const setupStateRoute = createRoute({
  method: 'get',
  path: '/setup',
  tags: ['auth'],
  summary: 'Whether the first owner still has to be created',
  responses: { 200: jsonResponse(z.object({ needsSetup: z.boolean() }), 'Setup state'), ...errors(503) },
});

const setupRoute = createRoute({
  method: 'post',
  path: '/setup',
  tags: ['auth'],
  summary: 'Create the owner account on first run (signs in)',
  request: { body: jsonBody(credentialsSchema.extend({ password: newPasswordSchema })) },
  responses: {
    201: jsonResponse(z.object({ user: userSchema }), 'Owner created and signed in'),
    ...errors(400, 403, 409, 413, 415, 429),
  },
});

const loginRoute = createRoute({
  method: 'post',
  path: '/login',
  tags: ['auth'],
  summary: 'Sign in with username and password',
  request: { body: jsonBody(credentialsSchema) },
  responses: {
    200: jsonResponse(z.object({ user: userSchema }), 'Signed in; the session cookie is set'),
    ...errors(400, 401, 403, 413, 415, 429),
  },
});

const logoutRoute = createRoute({
  method: 'post',
  path: '/logout',
  tags: ['auth'],
  summary: 'Sign out of this session',
  responses: { 204: { description: 'Signed out' }, ...errors(403) },
});

const meRoute = createRoute({
  method: 'get',
  path: '/me',
  tags: ['auth'],
  summary: 'The signed-in user and session',
  middleware: [requireAuth()] as const,
  responses: {
    200: jsonResponse(
      z.object({
        user: userSchema,
        session: z.object({ id: z.string(), expiresAt: z.string() }).nullable(),
        apiKey: z.object({ id: z.string(), name: z.string(), scope: z.string() }).nullable(),
      }),
      'Current identity',
    ),
    ...errors(401),
  },
});

function meta(c: Parameters<typeof auditAs>[0]) {
  return { ip: c.get('ip'), userAgent: c.req.header('user-agent') ?? null };
}

/** Guests (signed in through Discord and the like) do not count: first-run setup stays open until an owner exists. */
const ownersAndMembers = ne(users.role, 'guest');

export const authRoutes = createRouter()
  .openapi(setupStateRoute, async (c) => {
    const [row] = await db(c)
      .db.select({ n: sql<number>`count(*)::int` })
      .from(users)
      .where(ownersAndMembers);
    return c.json({ needsSetup: (row?.n ?? 0) === 0 }, 200);
  })
  .openapi(setupRoute, async (c) => {
    const { username, password } = c.req.valid('json');
    auditAs(c, 'auth.setup', username);
    const handle = db(c);
    const [existing] = await handle.db
      .select({ n: sql<number>`count(*)::int` })
      .from(users)
      .where(ownersAndMembers);
    if ((existing?.n ?? 0) > 0) throw conflict('The owner already exists. Sign in instead.');
    const passwordHash = await hashPassword(password);
    const result = await handle.db.transaction(async (tx) => {
      // Two first-run requests racing must not both create an owner.
      await tx.execute(sql`select pg_advisory_xact_lock(7240118)`);
      const [again] = await tx.select({ n: sql<number>`count(*)::int` }).from(users).where(ownersAndMembers);
      if ((again?.n ?? 0) > 0) throw conflict('The owner already exists. Sign in instead.');
      const [user] = await tx.insert(users).values({ username, passwordHash, role: 'owner' }).returning();
      return user!;
    });
    const session = await createSession(handle, result.id, meta(c));
    writeSessionCookie(c, session.token, session.expiresAt);
    c.set('auth', {
      kind: 'session',
      user: result,
      session: { id: session.id, expiresAt: session.expiresAt },
    });
    return c.json({ user: toUser(result) }, 201);
  })
  .openapi(loginRoute, async (c) => {
    const { username, password } = c.req.valid('json');
    const account = username.toLowerCase();
    const ip = c.get('ip');
    auditAs(c, 'auth.login', username);
    const handle = db(c);
    const verdict = await checkLoginLimit(handle, ip, account);
    if (verdict.limited) {
      throw tooManyRequests(
        verdict.retryAfterSeconds,
        `Too many failed sign-ins ${verdict.by === 'ip' ? 'from this address' : 'for this account'}. Try again in ${Math.ceil(verdict.retryAfterSeconds / 60)} min.`,
      );
    }
    const [user] = await handle.db
      .select()
      .from(users)
      .where(sql`lower(${users.username}) = ${account}`)
      .limit(1);
    let ok = false;
    // People who signed in through Discord or a streaming platform have no password to match.
    if (user?.passwordHash) ok = await verifyPassword(password, user.passwordHash);
    else await burnVerify(password);
    await recordLoginAttempt(handle, ip, account, ok);
    if (!user?.passwordHash || !ok) throw unauthorized('Wrong username or password.');
    if (needsRehash(user.passwordHash)) {
      await handle.db
        .update(users)
        .set({ passwordHash: await hashPassword(password), updatedAt: new Date() })
        .where(eq(users.id, user.id));
    }
    // A new token on every sign-in: a token planted before sign-in (session fixation) is worthless.
    const previous = readSessionCookie(c);
    const prevId = previous ? parseSessionToken(previous)?.id : undefined;
    if (prevId) await invalidateSession(handle, prevId);
    const session = await createSession(handle, user.id, meta(c));
    writeSessionCookie(c, session.token, session.expiresAt);
    c.set('auth', { kind: 'session', user, session: { id: session.id, expiresAt: session.expiresAt } });
    return c.json({ user: toUser(user) }, 200);
  })
  .openapi(logoutRoute, async (c) => {
    auditAs(c, 'auth.logout');
    const auth = c.get('auth');
    if (auth?.kind === 'session') await invalidateSession(db(c), auth.session.id);
    clearSessionCookie(c);
    return c.body(null, 204);
  })
  .openapi(meRoute, async (c) => {
    const auth = c.get('auth')!;
    return c.json(
      {
        user: toUser(auth.user),
        session:
          auth.kind === 'session'
            ? { id: auth.session.id, expiresAt: auth.session.expiresAt.toISOString() }
            : null,
        apiKey: auth.kind === 'api_key' ? auth.key : null,
      },
      200,
    );
  });
