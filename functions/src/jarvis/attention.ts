/**
 * `/api/jarvis/attention`: what needs the owner now, for the home page. The database parts always
 * answer; the runners' parts (image updates, the model) are left empty when a runner is down, so
 * one stopped runner never blanks the whole page.
 */
import { alertRules, incidents, jarvisDiagnoses, monitors } from '@homelab/db/schema';
import { createRoute } from '@hono/zod-openapi';
import { and, desc, eq, inArray, isNotNull, isNull } from 'drizzle-orm';
import { reader } from '../auth/middleware';
import { type AppContext, db } from '../lib/context';
import { createRouter, errors, jsonResponse } from '../lib/router';
import { relayJson } from '../lib/runners';
import { pendingCalls, pendingCount } from './decide';
import { attentionSchema, iso } from './schemas';

/** Caddy renews 30 days ahead; two weeks left means renewal has been failing for a while. */
const certificateDays = 14;
const dayMs = 86_400_000;

const attention = createRoute({
  method: 'get',
  path: '/attention',
  tags: ['jarvis'],
  summary: 'Open incidents, pending approvals, expiring certificates, image updates and the model status',
  middleware: [reader] as const,
  responses: { 200: jsonResponse(attentionSchema, 'What needs attention'), ...errors(401, 403, 503) },
});

async function openIncidents(c: AppContext) {
  const { db: database } = db(c);
  const rows = await database
    .select({
      id: incidents.id,
      cause: incidents.cause,
      lastMessage: incidents.lastMessage,
      startedAt: incidents.startedAt,
      monitorName: monitors.name,
      ruleName: alertRules.name,
    })
    .from(incidents)
    .leftJoin(monitors, eq(monitors.id, incidents.monitorId))
    .leftJoin(alertRules, eq(alertRules.id, incidents.alertRuleId))
    .where(isNull(incidents.resolvedAt))
    .orderBy(desc(incidents.startedAt))
    .limit(50);
  const diagnoses = rows.length
    ? await database
        .select({
          id: jarvisDiagnoses.id,
          incidentId: jarvisDiagnoses.incidentId,
          state: jarvisDiagnoses.state,
          summary: jarvisDiagnoses.summary,
        })
        .from(jarvisDiagnoses)
        .where(
          inArray(
            jarvisDiagnoses.incidentId,
            rows.map((r) => r.id),
          ),
        )
        .orderBy(desc(jarvisDiagnoses.createdAt))
    : [];
  return rows.map((r) => {
    const latest = diagnoses.find((d) => d.incidentId === r.id);
    return {
      id: r.id,
      cause: r.cause,
      lastMessage: r.lastMessage,
      source: r.monitorName ?? r.ruleName ?? null,
      startedAt: iso(r.startedAt),
      diagnosis: latest ? { id: latest.id, state: latest.state, summary: latest.summary } : null,
    };
  });
}

type CertificateDetail = { daysLeft?: unknown; validTo?: unknown; certificate?: CertificateDetail };

/** TLS monitors record the certificate's facts in their last result; HTTPS monitors under `certificate`. */
async function expiringCertificates(c: AppContext) {
  const rows = await db(c)
    .db.select({ id: monitors.id, name: monitors.name, detail: monitors.lastDetail })
    .from(monitors)
    .where(and(inArray(monitors.type, ['tls', 'http']), isNotNull(monitors.lastDetail)));
  const now = Date.now();
  return rows.flatMap((row) => {
    const detail = row.detail as CertificateDetail;
    const facts = typeof detail.daysLeft === 'number' ? detail : detail.certificate;
    if (!facts || typeof facts.daysLeft !== 'number') return [];
    const validTo = typeof facts.validTo === 'string' ? new Date(facts.validTo) : null;
    // Counted from now, not from the last check: a paused monitor's figure would go stale.
    const daysLeft =
      validTo && !Number.isNaN(validTo.getTime())
        ? Math.floor((validTo.getTime() - now) / dayMs)
        : facts.daysLeft;
    if (daysLeft > certificateDays) return [];
    return [{ monitorId: row.id, name: row.name, daysLeft, validTo: validTo ? iso(validTo) : null }];
  });
}

type Image = { tags: string[]; update: string; containers: { name: string }[] };

async function imageUpdates(c: AppContext) {
  try {
    const images = await relayJson<Image[]>(c, 'docker', { path: '/images', timeoutMs: 3_000 });
    return images
      .filter((image) => image.update === 'available')
      .map((image) => ({
        image: image.tags[0] ?? '(untagged)',
        containers: image.containers.map((container) => container.name),
      }));
  } catch {
    return null;
  }
}

async function modelStatus(c: AppContext) {
  try {
    const status = await relayJson<{ model?: string; configured?: boolean }>(c, 'jarvis', {
      path: '/status',
      timeoutMs: 3_000,
    });
    return { connected: true, configured: status.configured === true, model: status.model ?? null };
  } catch {
    return { connected: false, configured: false, model: null };
  }
}

export const attentionRoutes = createRouter().openapi(attention, async (c) => {
  // The runners are asked while the database answers; the database client runs one query at a time.
  // Images are the operators' business (the docker pages are theirs alone).
  const operates = ['owner', 'admin'].includes(c.get('auth')!.user.role);
  const remote = Promise.all([operates ? imageUpdates(c) : null, modelStatus(c)]);
  const incidentList = await openIncidents(c);
  const calls = await pendingCalls(db(c).db, 20);
  const count = await pendingCount(db(c).db);
  const certificates = await expiringCertificates(c);
  const [updates, model] = await remote;
  return c.json(
    {
      incidents: incidentList,
      approvals: { count, calls },
      certificates: certificates.sort((a, b) => a.daysLeft - b.daysLeft),
      updates,
      model,
    },
    200,
  );
});
