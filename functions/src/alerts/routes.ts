/**
 * `/api/alerts`: system alert rules (CPU, memory, disk, temperature, load, container health)
 * that open incidents and notify when a threshold holds for long enough. The alerts runner
 * evaluates them; these routes check the caller, validate, audit and hand answers on.
 */
import { alertRuleInputSchema } from '@homelab/db/monitoring';
import { createRoute, z } from '@hono/zod-openapi';
import { operator, reader } from '../auth/middleware';
import { auditAs } from '../lib/context';
import { createRouter, errors, jsonBody, jsonResponse, writeErrors } from '../lib/router';
import { relay, relayJson } from '../lib/runners';
import { relayList, relayOne } from '../monitors/relay-helpers';
import { alertRule, type Out, ruleOutcome } from '../monitors/schemas';

const tags = ['alerts'];
const input = jsonBody(alertRuleInputSchema.meta({ id: 'AlertRuleInput' }));
const idParam = z.object({ id: z.uuid({ error: 'must be an alert rule id' }) });

const listRules = createRoute({
  method: 'get',
  path: '/rules',
  tags,
  summary: 'Alert rules and whether each is firing',
  middleware: [reader] as const,
  responses: {
    200: jsonResponse(z.object({ rules: z.array(alertRule) }), 'Rules'),
    ...errors(401, 403, 503),
  },
});
const createRule = createRoute({
  method: 'post',
  path: '/rules',
  tags,
  summary: 'Add an alert rule',
  middleware: [operator] as const,
  request: { body: input },
  responses: { 201: jsonResponse(alertRule, 'Created'), ...errors(...writeErrors) },
});
const updateRule = createRoute({
  method: 'put',
  path: '/rules/{id}',
  tags,
  summary: 'Replace an alert rule',
  middleware: [operator] as const,
  request: { params: idParam, body: input },
  responses: { 200: jsonResponse(alertRule, 'Updated'), ...errors(...writeErrors) },
});
const deleteRule = createRoute({
  method: 'delete',
  path: '/rules/{id}',
  tags,
  summary: 'Delete an alert rule (its open incident is resolved)',
  middleware: [operator] as const,
  request: { params: idParam },
  responses: { 204: { description: 'Deleted' }, ...errors(...writeErrors) },
});
const evaluate = createRoute({
  method: 'post',
  path: '/evaluate',
  tags,
  summary: 'Evaluate every rule against the latest metrics now',
  middleware: [operator] as const,
  responses: {
    200: jsonResponse(z.object({ rules: z.array(ruleOutcome) }), 'What each rule’s evaluation found'),
    ...errors(...writeErrors),
  },
});

const summary = (body: Out<typeof alertRuleInputSchema>) => ({
  name: body.name,
  metric: body.metric,
  threshold: body.threshold,
  enabled: body.enabled,
});

export const alertRoutes = createRouter()
  .openapi(listRules, async (c) =>
    c.json(await relayList<'rules', Out<typeof alertRule>>(c, 'alerts', '/rules', 'rules'), 200),
  )
  .openapi(createRule, async (c) => {
    const body = c.req.valid('json');
    auditAs(c, 'alerts.rule.create', body.name, summary(body));
    const created = await relayOne<Out<typeof alertRule>>(
      c,
      'alerts',
      {
        method: 'POST',
        path: '/rules',
        body,
      },
      'rule',
    );
    auditAs(c, 'alerts.rule.create', created.id, summary(body));
    return c.json(created, 201);
  })
  .openapi(updateRule, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    auditAs(c, 'alerts.rule.update', id, summary(body));
    const updated = await relayOne<Out<typeof alertRule>>(
      c,
      'alerts',
      {
        method: 'PUT',
        path: `/rules/${id}`,
        body,
      },
      'rule',
    );
    return c.json(updated, 200);
  })
  .openapi(deleteRule, async (c) => {
    const { id } = c.req.valid('param');
    auditAs(c, 'alerts.rule.delete', id);
    await relay(c, 'alerts', { method: 'DELETE', path: `/rules/${id}` });
    return c.body(null, 204);
  })
  .openapi(evaluate, async (c) => {
    auditAs(c, 'alerts.evaluate');
    const answer = await relayJson<Out<typeof ruleOutcome>[] | { rules: Out<typeof ruleOutcome>[] }>(
      c,
      'alerts',
      {
        method: 'POST',
        path: '/evaluate',
        timeoutMs: 15_000,
      },
    );
    return c.json(Array.isArray(answer) ? { rules: answer } : answer, 200);
  });
