/** Reading the audit trail: newest first, paged by id. Owners and admins only. */

import { auditLog } from '@homelab/db/schema';
import { createRoute, z } from '@hono/zod-openapi';
import { desc, lt } from 'drizzle-orm';
import { requireAuth } from '../auth/middleware';
import { db } from '../lib/context';
import { createRouter, errors, jsonResponse } from '../lib/router';

const entrySchema = z
  .object({
    id: z.number(),
    at: z.string(),
    actorKind: z.string(),
    actorLabel: z.string().nullable(),
    action: z.string(),
    target: z.string().nullable(),
    ip: z.string().nullable(),
    outcome: z.string(),
    status: z.string().nullable(),
  })
  .openapi('AuditEntry');

const listRoute = createRoute({
  method: 'get',
  path: '/',
  tags: ['audit'],
  summary: 'List audit log entries, newest first',
  middleware: [requireAuth({ role: ['owner', 'admin'], scope: 'admin' })] as const,
  request: {
    query: z.object({
      limit: z.coerce.number().int().min(1).max(200).default(50),
      before: z.coerce.number().int().positive().optional(),
    }),
  },
  responses: {
    200: jsonResponse(
      z.object({ entries: z.array(entrySchema), nextBefore: z.number().nullable() }),
      'Entries',
    ),
    ...errors(400, 401, 403),
  },
});

export const auditRoutes = createRouter().openapi(listRoute, async (c) => {
  const { limit, before } = c.req.valid('query');
  const rows = await db(c)
    .db.select()
    .from(auditLog)
    .where(before ? lt(auditLog.id, before) : undefined)
    .orderBy(desc(auditLog.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  return c.json(
    {
      entries: page.map((r) => ({
        id: r.id,
        at: r.at.toISOString(),
        actorKind: r.actorKind,
        actorLabel: r.actorLabel,
        action: r.action,
        target: r.target,
        ip: r.ip,
        outcome: r.outcome,
        status: r.status,
      })),
      nextBefore: rows.length > limit ? (page.at(-1)?.id ?? null) : null,
    },
    200,
  );
});
