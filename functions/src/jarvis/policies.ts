/**
 * `/api/jarvis/policies`: the autonomy the owner grants, a reversible tool on targets matching a
 * pattern. Read tools need none and destructive tools can have none, so both are refused here
 * rather than stored as rows the policy check would ignore.
 */
import { jarvisTool } from '@homelab/db/jarvis/catalog';
import { jarvisPolicies } from '@homelab/db/schema';
import { createRoute, z } from '@hono/zod-openapi';
import { and, asc, eq } from 'drizzle-orm';
import { operator } from '../auth/middleware';
import { auditAs, db } from '../lib/context';
import { badRequest, conflict, notFound } from '../lib/errors';
import { createRouter, errors, jsonBody, jsonResponse, writeErrors } from '../lib/router';
import { idParam, iso, policyInput, policySchema } from './schemas';

const tags = ['jarvis'];

const list = createRoute({
  method: 'get',
  path: '/policies',
  tags,
  summary: 'The autonomy granted: which reversible tools run without asking, on which targets',
  middleware: [operator] as const,
  responses: {
    200: jsonResponse(z.object({ policies: z.array(policySchema) }), 'Policies'),
    ...errors(401, 403, 503),
  },
});
const create = createRoute({
  method: 'post',
  path: '/policies',
  tags,
  summary: 'Let a reversible tool (or `*`, every reversible tool) run without approval on matching targets',
  middleware: [operator] as const,
  request: { body: jsonBody(policyInput) },
  responses: { 201: jsonResponse(policySchema, 'Granted'), ...errors(...writeErrors) },
});
const remove = createRoute({
  method: 'delete',
  path: '/policies/{id}',
  tags,
  summary: 'Take a grant back',
  middleware: [operator] as const,
  request: { params: idParam },
  responses: { 204: { description: 'Deleted' }, ...errors(...writeErrors) },
});

/** Why a tool cannot be given autonomy, or null when it can. */
export function policyRefusal(tool: string): string | null {
  if (tool === '*') return null;
  const info = jarvisTool(tool);
  if (!info) return `Jarvis has no tool named "${tool}".`;
  if (info.risk === 'read') return `${tool} only reads: it runs without approval, no policy is needed.`;
  if (info.risk === 'destructive')
    return `${tool} is destructive: it always needs a person's approval, autonomy cannot be granted.`;
  return null;
}

type PolicyRow = typeof jarvisPolicies.$inferSelect;
const view = (row: PolicyRow) => ({
  id: row.id,
  tool: row.tool,
  target: row.target,
  autonomous: row.autonomous,
  createdAt: iso(row.createdAt),
});

export const policyRoutes = createRouter()
  .openapi(list, async (c) => {
    const rows = await db(c)
      .db.select()
      .from(jarvisPolicies)
      .orderBy(asc(jarvisPolicies.tool), asc(jarvisPolicies.target));
    return c.json({ policies: rows.map(view) }, 200);
  })
  .openapi(create, async (c) => {
    const body = c.req.valid('json');
    auditAs(c, 'jarvis.policy.create', `${body.tool} ${body.target}`, body);
    const refusal = policyRefusal(body.tool);
    if (refusal) throw badRequest(refusal, { tool: [refusal] });
    const { db: database } = db(c);
    const [row] = await database
      .insert(jarvisPolicies)
      .values({ ...body, createdBy: c.get('auth')!.user.id })
      .onConflictDoNothing()
      .returning();
    if (!row) {
      const [existing] = await database
        .select({ id: jarvisPolicies.id })
        .from(jarvisPolicies)
        .where(and(eq(jarvisPolicies.tool, body.tool), eq(jarvisPolicies.target, body.target)));
      throw conflict(`There is already a policy for ${body.tool} on "${body.target}" (${existing?.id}).`);
    }
    return c.json(view(row), 201);
  })
  .openapi(remove, async (c) => {
    const { id } = c.req.valid('param');
    auditAs(c, 'jarvis.policy.delete', id);
    const rows = await db(c)
      .db.delete(jarvisPolicies)
      .where(eq(jarvisPolicies.id, id))
      .returning({ id: jarvisPolicies.id });
    if (rows.length === 0) throw notFound('There is no such policy.');
    return c.body(null, 204);
  });
