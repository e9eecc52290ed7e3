/**
 * `/api/jarvis/diagnoses`: what Jarvis concluded about incidents, with the evidence, the plan and how
 * each ended; searchable, so the page (and the owner) recognise a problem seen before.
 */
import { alertRules, incidents, jarvisDiagnoses, monitors } from '@homelab/db/schema';
import { createRoute, z } from '@hono/zod-openapi';
import { desc, eq, ilike, or, type SQL, sql } from 'drizzle-orm';
import { reader } from '../auth/middleware';
import { type AppContext, db } from '../lib/context';
import { notFound } from '../lib/errors';
import { createRouter, errors, jsonResponse } from '../lib/router';
import { diagnosisSchema, idParam, iso, isoOrNull } from './schemas';

const tags = ['jarvis'];

const searchQuery = z.object({
  q: z.string().trim().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});

const list = createRoute({
  method: 'get',
  path: '/diagnoses',
  tags,
  summary: 'Diagnoses, newest first; `q` searches problem, subject, summary, resolution and cause',
  middleware: [reader] as const,
  request: { query: searchQuery },
  responses: {
    200: jsonResponse(z.object({ diagnoses: z.array(diagnosisSchema) }), 'Diagnoses'),
    ...errors(400, 401, 403, 503),
  },
});
const getOne = createRoute({
  method: 'get',
  path: '/diagnoses/{id}',
  tags,
  summary: 'One diagnosis with its evidence and plan',
  middleware: [reader] as const,
  request: { params: idParam },
  responses: { 200: jsonResponse(diagnosisSchema, 'The diagnosis'), ...errors(401, 403, 404, 503) },
});

/** `%` and `_` typed by a person are literal text, not patterns. */
const likeText = (text: string) => `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;

async function select(c: AppContext, where: SQL | undefined, limit: number, offset: number) {
  const rows = await db(c)
    .db.select({
      diagnosis: jarvisDiagnoses,
      cause: incidents.cause,
      startedAt: incidents.startedAt,
      resolvedAt: incidents.resolvedAt,
      monitorName: monitors.name,
      ruleName: alertRules.name,
    })
    .from(jarvisDiagnoses)
    .leftJoin(incidents, eq(incidents.id, jarvisDiagnoses.incidentId))
    .leftJoin(monitors, eq(monitors.id, incidents.monitorId))
    .leftJoin(alertRules, eq(alertRules.id, incidents.alertRuleId))
    .where(where)
    .orderBy(desc(jarvisDiagnoses.createdAt))
    .limit(limit)
    .offset(offset);
  return rows.map(({ diagnosis: d, ...incident }) => ({
    id: d.id,
    incidentId: d.incidentId,
    conversationId: d.conversationId,
    state: d.state,
    source: d.source,
    problem: d.problem,
    subject: d.subject,
    summary: d.summary,
    evidence: d.evidence,
    plan: d.plan,
    runbookId: d.runbookId,
    resolution: d.resolution,
    createdAt: iso(d.createdAt),
    updatedAt: iso(d.updatedAt),
    incident:
      incident.cause !== null && incident.startedAt !== null
        ? {
            cause: incident.cause,
            source: incident.monitorName ?? incident.ruleName ?? null,
            startedAt: iso(incident.startedAt),
            resolvedAt: isoOrNull(incident.resolvedAt),
          }
        : null,
  }));
}

export const diagnosisRoutes = createRouter()
  .openapi(list, async (c) => {
    const { q, limit, offset } = c.req.valid('query');
    const pattern = q ? likeText(q) : null;
    const where = pattern
      ? or(
          ilike(jarvisDiagnoses.problem, pattern),
          ilike(jarvisDiagnoses.subject, pattern),
          ilike(jarvisDiagnoses.summary, pattern),
          ilike(jarvisDiagnoses.resolution, pattern),
          ilike(incidents.cause, pattern),
          sql`${jarvisDiagnoses.evidence}::text ilike ${pattern}`,
        )
      : undefined;
    return c.json({ diagnoses: await select(c, where, limit, offset) }, 200);
  })
  .openapi(getOne, async (c) => {
    const [found] = await select(c, eq(jarvisDiagnoses.id, c.req.valid('param').id), 1, 0);
    if (!found) throw notFound('There is no such diagnosis.');
    return c.json(found, 200);
  });
