/** `/api/jarvis/tool-calls`: the calls waiting for a person, and approving or denying one from the web. */
import { createRoute, z } from '@hono/zod-openapi';
import { operator, reader } from '../auth/middleware';
import { type AppContext, auditAs, db } from '../lib/context';
import { ApiError, notFound } from '../lib/errors';
import { createRouter, errors, jsonBody, jsonResponse, writeErrors } from '../lib/router';
import { type Decider, decideToolCall, pendingCalls, type Verdict } from './decide';
import { decisionInput, idParam, pendingCallSchema, toolCallSchema } from './schemas';

const tags = ['jarvis'];

const listPending = createRoute({
  method: 'get',
  path: '/tool-calls/pending',
  tags,
  summary: 'Tool calls waiting for approval, with the exact call and its conversation',
  middleware: [reader] as const,
  responses: {
    200: jsonResponse(z.object({ calls: z.array(pendingCallSchema) }), 'Pending calls'),
    ...errors(401, 403, 503),
  },
});

const decisionRoute = (verdict: 'approve' | 'deny') =>
  createRoute({
    method: 'post',
    path: `/tool-calls/{id}/${verdict}`,
    tags,
    summary: verdict === 'approve' ? 'Approve a proposed tool call' : 'Deny a proposed tool call',
    middleware: [operator] as const,
    request: { params: idParam, body: jsonBody(decisionInput) },
    responses: { 200: jsonResponse(toolCallSchema, 'Decided'), ...errors(...writeErrors) },
  });

function webDecider(c: AppContext): Decider {
  const auth = c.get('auth')!;
  return {
    source: 'web',
    id: auth.user.id,
    label: auth.kind === 'api_key' ? `${auth.user.username} (key ${auth.key.name})` : auth.user.username,
    audit: {
      actorKind: auth.kind === 'api_key' ? 'api_key' : 'user',
      actorId: auth.kind === 'api_key' ? auth.key.id : auth.user.id,
      ip: c.get('ip'),
      userAgent: c.req.header('user-agent')?.slice(0, 512) ?? null,
      requestId: c.get('requestId'),
    },
  };
}

async function decide(c: AppContext, id: string, verdict: Verdict, reason: string | undefined) {
  const action = verdict === 'approved' ? 'jarvis.tool.approved' : 'jarvis.tool.denied';
  auditAs(c, action, id, { toolCallId: id, ...(reason ? { reason } : {}) });
  const outcome = await decideToolCall(db(c).db, id, verdict, webDecider(c), reason);
  if (!outcome.ok) {
    if (outcome.reason === 'not_found') throw notFound('There is no such tool call.');
    const who = outcome.call.decidedByLabel ? ` by ${outcome.call.decidedByLabel}` : '';
    throw new ApiError(
      409,
      'already_decided',
      `This call was already decided (${outcome.call.state}${who}).`,
    );
  }
  // The row is written with the decision, in its transaction: the middleware must not add another.
  c.set('audit', { action, target: outcome.call.target ?? id, written: true });
  return outcome.call;
}

export const approvalRoutes = createRouter()
  .openapi(listPending, async (c) => c.json({ calls: await pendingCalls(db(c).db) }, 200))
  .openapi(decisionRoute('approve'), async (c) => {
    const { id } = c.req.valid('param');
    return c.json(await decide(c, id, 'approved', c.req.valid('json').reason), 200);
  })
  .openapi(decisionRoute('deny'), async (c) => {
    const { id } = c.req.valid('param');
    return c.json(await decide(c, id, 'denied', c.req.valid('json').reason), 200);
  });
