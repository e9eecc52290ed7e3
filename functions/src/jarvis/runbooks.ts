/** `/api/jarvis/runbooks`: the steps Jarvis follows for known problems, and the tools each plan may use. */
import { jarvisRunbooks } from '@homelab/db/schema';
import { createRoute, z } from '@hono/zod-openapi';
import { asc, eq, sql } from 'drizzle-orm';
import { operator, reader } from '../auth/middleware';
import { auditAs, db } from '../lib/context';
import { notFound } from '../lib/errors';
import { createRouter, errors, jsonBody, jsonResponse, writeErrors } from '../lib/router';
import { idParam, iso, runbookInput, runbookSchema } from './schemas';

const tags = ['jarvis'];

const list = createRoute({
  method: 'get',
  path: '/runbooks',
  tags,
  summary: 'Runbooks',
  middleware: [reader] as const,
  responses: {
    200: jsonResponse(z.object({ runbooks: z.array(runbookSchema) }), 'Runbooks'),
    ...errors(401, 403, 503),
  },
});
const getOne = createRoute({
  method: 'get',
  path: '/runbooks/{id}',
  tags,
  summary: 'One runbook',
  middleware: [reader] as const,
  request: { params: idParam },
  responses: { 200: jsonResponse(runbookSchema, 'The runbook'), ...errors(401, 403, 404, 503) },
});
const create = createRoute({
  method: 'post',
  path: '/runbooks',
  tags,
  summary: 'Add a runbook',
  middleware: [operator] as const,
  request: { body: jsonBody(runbookInput) },
  responses: { 201: jsonResponse(runbookSchema, 'Created'), ...errors(...writeErrors) },
});
const update = createRoute({
  method: 'put',
  path: '/runbooks/{id}',
  tags,
  summary: 'Replace a runbook',
  middleware: [operator] as const,
  request: { params: idParam, body: jsonBody(runbookInput) },
  responses: { 200: jsonResponse(runbookSchema, 'Updated'), ...errors(...writeErrors) },
});
const remove = createRoute({
  method: 'delete',
  path: '/runbooks/{id}',
  tags,
  summary: 'Delete a runbook (diagnoses that followed it keep their text)',
  middleware: [operator] as const,
  request: { params: idParam },
  responses: { 204: { description: 'Deleted' }, ...errors(...writeErrors) },
});

type RunbookRow = typeof jarvisRunbooks.$inferSelect;
const view = (row: RunbookRow) => ({
  id: row.id,
  title: row.title,
  symptoms: row.symptoms,
  body: row.body,
  allowedTools: row.allowedTools,
  createdAt: iso(row.createdAt),
  updatedAt: iso(row.updatedAt),
});

const missing = () => notFound('There is no such runbook.');

export const runbookRoutes = createRouter()
  .openapi(list, async (c) => {
    const rows = await db(c).db.select().from(jarvisRunbooks).orderBy(asc(jarvisRunbooks.title));
    return c.json({ runbooks: rows.map(view) }, 200);
  })
  .openapi(getOne, async (c) => {
    const [row] = await db(c)
      .db.select()
      .from(jarvisRunbooks)
      .where(eq(jarvisRunbooks.id, c.req.valid('param').id));
    if (!row) throw missing();
    return c.json(view(row), 200);
  })
  .openapi(create, async (c) => {
    const body = c.req.valid('json');
    auditAs(c, 'jarvis.runbook.create', body.title);
    const [row] = await db(c).db.insert(jarvisRunbooks).values(body).returning();
    auditAs(c, 'jarvis.runbook.create', row!.id, { title: body.title });
    return c.json(view(row!), 201);
  })
  .openapi(update, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    auditAs(c, 'jarvis.runbook.update', id, { title: body.title });
    const [row] = await db(c)
      .db.update(jarvisRunbooks)
      .set({ ...body, updatedAt: sql`now()` })
      .where(eq(jarvisRunbooks.id, id))
      .returning();
    if (!row) throw missing();
    return c.json(view(row), 200);
  })
  .openapi(remove, async (c) => {
    const { id } = c.req.valid('param');
    auditAs(c, 'jarvis.runbook.delete', id);
    const rows = await db(c)
      .db.delete(jarvisRunbooks)
      .where(eq(jarvisRunbooks.id, id))
      .returning({ id: jarvisRunbooks.id });
    if (rows.length === 0) throw missing();
    return c.body(null, 204);
  });
