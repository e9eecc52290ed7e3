/** The signed-in user's sessions: see where they are signed in, revoke one, or all but this one. */

import { sessions } from '@homelab/db/schema';
import { createRoute, z } from '@hono/zod-openapi';
import { and, desc, eq, gt } from 'drizzle-orm';
import { requireAuth } from '../auth/middleware';
import { invalidateOtherSessions } from '../auth/sessions';
import { auditAs, db } from '../lib/context';
import { notFound } from '../lib/errors';
import { createRouter, errors, jsonResponse } from '../lib/router';

const sessionSchema = z
  .object({
    id: z.string(),
    createdAt: z.string(),
    lastSeenAt: z.string(),
    expiresAt: z.string(),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    current: z.boolean(),
  })
  .openapi('Session');

const guard = requireAuth({ scope: 'admin' });

const listRoute = createRoute({
  method: 'get',
  path: '/',
  tags: ['sessions'],
  summary: 'List my active sessions',
  middleware: [guard] as const,
  responses: {
    200: jsonResponse(z.object({ sessions: z.array(sessionSchema) }), 'Sessions'),
    ...errors(401, 403),
  },
});

const revokeRoute = createRoute({
  method: 'delete',
  path: '/{id}',
  tags: ['sessions'],
  summary: 'Revoke one of my sessions',
  middleware: [guard] as const,
  request: { params: z.object({ id: z.string().regex(/^[a-z2-9]{24}$/, 'Not a session id') }) },
  responses: { 204: { description: 'Revoked' }, ...errors(400, 401, 403, 404) },
});

const revokeOthersRoute = createRoute({
  method: 'post',
  path: '/revoke-others',
  tags: ['sessions'],
  summary: 'Sign out everywhere else',
  middleware: [guard] as const,
  responses: {
    200: jsonResponse(z.object({ revoked: z.number() }), 'How many sessions were revoked'),
    ...errors(401, 403),
  },
});

export const sessionRoutes = createRouter()
  .openapi(listRoute, async (c) => {
    const auth = c.get('auth')!;
    const currentId = auth.kind === 'session' ? auth.session.id : null;
    const rows = await db(c)
      .db.select()
      .from(sessions)
      .where(and(eq(sessions.userId, auth.user.id), gt(sessions.expiresAt, new Date())))
      .orderBy(desc(sessions.lastSeenAt));
    return c.json(
      {
        sessions: rows.map((s) => ({
          id: s.id,
          createdAt: s.createdAt.toISOString(),
          lastSeenAt: s.lastSeenAt.toISOString(),
          expiresAt: s.expiresAt.toISOString(),
          ip: s.ip,
          userAgent: s.userAgent,
          current: s.id === currentId,
        })),
      },
      200,
    );
  })
  .openapi(revokeRoute, async (c) => {
    const { id } = c.req.valid('param');
    auditAs(c, 'session.revoke', id);
    const auth = c.get('auth')!;
    const removed = await db(c)
      .db.delete(sessions)
      .where(and(eq(sessions.id, id), eq(sessions.userId, auth.user.id)))
      .returning({ id: sessions.id });
    if (removed.length === 0) throw notFound('No such session.');
    return c.body(null, 204);
  })
  .openapi(revokeOthersRoute, async (c) => {
    auditAs(c, 'session.revoke_others');
    const auth = c.get('auth')!;
    const revoked = await invalidateOtherSessions(
      db(c),
      auth.user.id,
      auth.kind === 'session' ? auth.session.id : null,
    );
    return c.json({ revoked }, 200);
  });
