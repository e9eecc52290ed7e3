/** API keys for scripts and n8n: created (the token is shown once), listed, revoked. */

import { apiKeys } from '@homelab/db/schema';
import { createRoute, z } from '@hono/zod-openapi';
import { and, desc, eq, isNull } from 'drizzle-orm';
import { requireAuth } from '../auth/middleware';
import { randomId, randomSecret, sha256 } from '../auth/tokens';
import { auditAs, db } from '../lib/context';
import { notFound } from '../lib/errors';
import { createRouter, errors, jsonBody, jsonResponse } from '../lib/router';

const keySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    scope: z.enum(['read', 'write', 'admin']),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable(),
    expiresAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
  })
  .openapi('ApiKey');

const createSchema = z
  .object({
    name: z.string().trim().min(1, 'Give the key a name').max(64, 'Use at most 64 characters'),
    scope: z.enum(['read', 'write', 'admin']),
    expiresInDays: z.number().int().min(1).max(3650).optional(),
  })
  .openapi('NewApiKey');

type KeyRow = typeof apiKeys.$inferSelect;
const toKey = (k: KeyRow) => ({
  id: k.id,
  name: k.name,
  scope: k.scope,
  createdAt: k.createdAt.toISOString(),
  lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
  expiresAt: k.expiresAt?.toISOString() ?? null,
  revokedAt: k.revokedAt?.toISOString() ?? null,
});

const listRoute = createRoute({
  method: 'get',
  path: '/',
  tags: ['api-keys'],
  summary: 'List my API keys',
  middleware: [requireAuth()] as const,
  responses: { 200: jsonResponse(z.object({ keys: z.array(keySchema) }), 'Keys'), ...errors(401, 403) },
});

const createKeyRoute = createRoute({
  method: 'post',
  path: '/',
  tags: ['api-keys'],
  summary: 'Create an API key; the token is returned only this once',
  middleware: [requireAuth({ scope: 'admin' })] as const,
  request: { body: jsonBody(createSchema) },
  responses: {
    201: jsonResponse(z.object({ key: keySchema, token: z.string() }), 'Created'),
    ...errors(400, 401, 403, 413, 415, 429),
  },
});

const revokeRoute = createRoute({
  method: 'delete',
  path: '/{id}',
  tags: ['api-keys'],
  summary: 'Revoke an API key',
  middleware: [requireAuth({ scope: 'admin' })] as const,
  request: { params: z.object({ id: z.string().regex(/^[a-z2-9]{24}$/, 'Not an API key id') }) },
  responses: { 204: { description: 'Revoked' }, ...errors(400, 401, 403, 404) },
});

export const apiKeyRoutes = createRouter()
  .openapi(listRoute, async (c) => {
    const rows = await db(c)
      .db.select()
      .from(apiKeys)
      .where(eq(apiKeys.userId, c.get('auth')!.user.id))
      .orderBy(desc(apiKeys.createdAt));
    return c.json({ keys: rows.map(toKey) }, 200);
  })
  .openapi(createKeyRoute, async (c) => {
    const body = c.req.valid('json');
    const id = randomId();
    const secret = randomSecret();
    auditAs(c, 'api_key.create', id, { name: body.name, scope: body.scope });
    const [row] = await db(c)
      .db.insert(apiKeys)
      .values({
        id,
        userId: c.get('auth')!.user.id,
        name: body.name,
        scope: body.scope,
        secretHash: await sha256(secret),
        expiresAt: body.expiresInDays ? new Date(Date.now() + body.expiresInDays * 86_400_000) : null,
      })
      .returning();
    return c.json({ key: toKey(row!), token: `hlk_${id}_${secret}` }, 201);
  })
  .openapi(revokeRoute, async (c) => {
    const { id } = c.req.valid('param');
    auditAs(c, 'api_key.revoke', id);
    const rows = await db(c)
      .db.update(apiKeys)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiKeys.id, id), eq(apiKeys.userId, c.get('auth')!.user.id), isNull(apiKeys.revokedAt)))
      .returning({ id: apiKeys.id });
    if (rows.length === 0) throw notFound('No such active API key.');
    return c.body(null, 204);
  });
