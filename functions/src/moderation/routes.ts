/**
 * `/api/stream/moderation`: the moderation log, the review queue (approve, undo) and the allow-list.
 * The review queue is the AI's borderline calls: `warn` rows with reason `for review` nobody has
 * looked at yet (the runner writes them and says nothing in chat). Undoing an action teaches the
 * allow-list what the action hit (the link's host, the banned phrase, the message, or the user) and
 * tells the runners to reload; an undone ban or timeout is lifted on the platform by the runner's
 * tick, which marks the row `unbanned`.
 */
import { modActions, modAllowlist } from '@homelab/db/schema';
import { createRoute, z } from '@hono/zod-openapi';
import { and, desc, eq, isNull, lt, ne, type SQL } from 'drizzle-orm';
import { notifyConfig, tags } from '../commands/shared';
import { auditAs } from '../lib/context';
import { notFound } from '../lib/errors';
import { createRouter, errors, jsonBody, jsonResponse } from '../lib/router';
import { inTenant, streamScope, streamTenant } from '../stream/guard';

const tenant = streamTenant();
/** The runner's reason for review rows (runners/src/moderation/feature.ts). */
const reviewReason = 'for review';

const allowKinds = ['phrase', 'user', 'link'] as const;
const states = ['done', 'failed', 'approved', 'undone', 'review'] as const;

const actionSchema = z
  .object({
    id: z.number().int(),
    channelId: z.string(),
    platform: z.enum(['twitch', 'youtube', 'kick']),
    userId: z.string(),
    userName: z.string(),
    message: z.string(),
    rule: z.string(),
    score: z.number().nullable(),
    action: z.enum(['warn', 'delete', 'timeout', 'ban']),
    durationS: z.number().int().nullable(),
    reason: z.string(),
    state: z.enum(['done', 'failed', 'approved', 'undone']),
    /** Waiting in the review queue. */
    review: z.boolean(),
    detail: z.string().nullable(),
    reviewedBy: z.string().nullable(),
    reviewedAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('ModAction');

const allowEntrySchema = z
  .object({
    kind: z.enum(allowKinds),
    value: z.string(),
    addedBy: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('ModAllowEntry');

const allowInput = z
  .object({
    kind: z.enum(allowKinds),
    value: z.string().trim().min(1, 'Write what to allow').max(100, 'At most 100 characters'),
  })
  .strict()
  .openapi('ModAllowInput');

const actionId = z.object({
  id: z
    .string()
    .regex(/^\d{1,15}$/, 'must be an action id')
    .transform(Number),
});

const listActions = createRoute({
  method: 'get',
  path: '/moderation/actions',
  tags,
  summary: 'The moderation log, newest first; state=review is the review queue',
  middleware: [tenant] as const,
  request: {
    query: z.object({
      state: z.enum(states).optional(),
      rule: z.string().max(60).optional(),
      user: z.string().max(100).optional(),
      cursor: z
        .string()
        .regex(/^\d{1,15}$/, 'must be a cursor from the last page')
        .optional(),
      limit: z.coerce.number().int().min(1).max(200).default(50),
    }),
  },
  responses: {
    200: jsonResponse(
      z.object({ actions: z.array(actionSchema), nextCursor: z.string().nullable() }),
      'Actions',
    ),
    ...errors(400, 401, 403, 404),
  },
});
const approveAction = createRoute({
  method: 'post',
  path: '/moderation/actions/{id}/approve',
  tags,
  summary: 'Confirm an action (it leaves the review queue)',
  middleware: [tenant] as const,
  request: { params: actionId },
  responses: { 200: jsonResponse(actionSchema, 'Approved'), ...errors(400, 401, 403, 404) },
});
const undoAction = createRoute({
  method: 'post',
  path: '/moderation/actions/{id}/undo',
  tags,
  summary: 'Undo an action and teach the allow-list what it hit; bans and timeouts are lifted',
  middleware: [tenant] as const,
  request: {
    params: actionId,
    body: jsonBody(
      z
        .object({
          /** What to allow from now on; left out, it follows the rule (link host, phrase, else the user); 'none' adds nothing. */
          allow: z.enum([...allowKinds, 'none']).optional(),
        })
        .strict()
        .openapi('ModUndoInput'),
    ),
  },
  responses: {
    200: jsonResponse(z.object({ action: actionSchema, allowed: allowEntrySchema.nullable() }), 'Undone'),
    ...errors(400, 401, 403, 404),
  },
});
const listAllow = createRoute({
  method: 'get',
  path: '/moderation/allowlist',
  tags,
  summary: 'What moderation leaves alone',
  middleware: [tenant] as const,
  responses: {
    200: jsonResponse(z.object({ entries: z.array(allowEntrySchema) }), 'Allow-list'),
    ...errors(401, 403, 404),
  },
});
const addAllow = createRoute({
  method: 'post',
  path: '/moderation/allowlist',
  tags,
  summary: 'Allow a phrase, a user or a link host',
  middleware: [tenant] as const,
  request: { body: jsonBody(allowInput) },
  responses: { 201: jsonResponse(allowEntrySchema, 'Allowed'), ...errors(400, 401, 403, 404) },
});
const removeAllow = createRoute({
  method: 'delete',
  path: '/moderation/allowlist',
  tags,
  summary: 'Stop allowing a phrase, user or link host',
  middleware: [tenant] as const,
  request: { query: allowInput },
  responses: { 204: { description: 'Removed' }, ...errors(400, 401, 403, 404) },
});

type ActionRow = typeof modActions.$inferSelect;
const actionView = (row: ActionRow) => ({
  id: row.id,
  channelId: row.channelId,
  platform: row.platform,
  userId: row.userId,
  userName: row.userName,
  message: row.message,
  rule: row.rule,
  score: row.score,
  action: row.action,
  durationS: row.durationS,
  reason: row.reason,
  state: row.state,
  review: row.reason === reviewReason && row.state === 'done' && row.reviewedAt === null,
  detail: row.detail,
  reviewedBy: row.reviewedBy,
  reviewedAt: row.reviewedAt?.toISOString() ?? null,
  createdAt: row.createdAt.toISOString(),
});
type AllowRow = typeof modAllowlist.$inferSelect;
const allowView = (row: AllowRow) => ({
  kind: row.kind,
  value: row.value,
  addedBy: row.addedBy,
  createdAt: row.createdAt.toISOString(),
});

const noAction = () => notFound('This moderation action is not one of yours.');

/** Host of a link the rules caught, read back from the runner's reason `link: host`. */
function linkHost(row: ActionRow) {
  const match = /^link: (\S+)$/.exec(row.reason);
  return match?.[1] ?? null;
}
/** The banned text the rules caught, from `banned: "text"`. */
function bannedText(row: ActionRow) {
  const match = /^banned: "(.+)"$/.exec(row.reason);
  return match?.[1] ?? null;
}

/** What an undo adds to the allow-list: the caller's choice, or what the rule hit. */
export function allowFor(
  row: ActionRow,
  choice: (typeof allowKinds)[number] | 'none' | undefined,
): { kind: (typeof allowKinds)[number]; value: string } | null {
  if (choice === 'none') return null;
  const user = row.userName.toLowerCase() || row.userId.toLowerCase();
  const kind =
    choice ??
    (row.rule === 'links' ? 'link' : row.rule === 'banned' || row.rule.startsWith('ai:') ? 'phrase' : 'user');
  if (kind === 'user') return user ? { kind, value: user.slice(0, 100) } : null;
  if (kind === 'link') {
    const host = linkHost(row);
    return host ? { kind, value: host.toLowerCase() } : null;
  }
  const phrase = bannedText(row) ?? row.message.trim();
  return phrase ? { kind, value: phrase.toLowerCase().slice(0, 100) } : null;
}

function reviewer(c: Parameters<typeof streamScope>[0]) {
  const auth = c.get('auth');
  return auth?.kind === 'session' ? auth.user.username : null;
}

export const moderationRoutes = createRouter()
  .openapi(listActions, async (c) => {
    const { state, rule, user, cursor, limit } = c.req.valid('query');
    const where: (SQL | undefined)[] = [
      cursor ? lt(modActions.id, Number(cursor)) : undefined,
      rule ? eq(modActions.rule, rule) : undefined,
      user ? eq(modActions.userName, user) : undefined,
    ];
    if (state === 'review')
      where.push(
        eq(modActions.reason, reviewReason),
        eq(modActions.state, 'done'),
        isNull(modActions.reviewedAt),
      );
    else if (state) where.push(eq(modActions.state, state));
    const rows = await inTenant(c, (tx) =>
      tx
        .select()
        .from(modActions)
        .where(and(...where))
        .orderBy(desc(modActions.id))
        .limit(limit + 1),
    );
    const page = rows.slice(0, limit);
    const nextCursor = rows.length > limit ? String(page.at(-1)!.id) : null;
    return c.json({ actions: page.map(actionView), nextCursor }, 200);
  })
  .openapi(approveAction, async (c) => {
    const { id } = c.req.valid('param');
    auditAs(c, 'stream.moderation.approve', String(id));
    const [row] = await inTenant(c, (tx) =>
      tx
        .update(modActions)
        .set({ state: 'approved', reviewedBy: reviewer(c), reviewedAt: new Date() })
        .where(and(eq(modActions.id, id), ne(modActions.state, 'undone')))
        .returning(),
    );
    if (!row) throw noAction();
    return c.json(actionView(row), 200);
  })
  .openapi(undoAction, async (c) => {
    const { id } = c.req.valid('param');
    const { allow } = c.req.valid('json');
    const { tenantId } = streamScope(c);
    const by = reviewer(c);
    const result = await inTenant(c, async (tx) => {
      const [row] = await tx
        .update(modActions)
        .set({ state: 'undone', reviewedBy: by, reviewedAt: new Date() })
        .where(eq(modActions.id, id))
        .returning();
      if (!row) return null;
      const entry = allowFor(row, allow);
      let allowed: AllowRow | null = null;
      if (entry) {
        const [added] = await tx
          .insert(modAllowlist)
          .values({ tenantId, ...entry, addedBy: by })
          .onConflictDoUpdate({
            target: [modAllowlist.tenantId, modAllowlist.kind, modAllowlist.value],
            set: { addedBy: by },
          })
          .returning();
        allowed = added ?? null;
      }
      await notifyConfig(tx, tenantId);
      return { row, allowed };
    });
    if (!result) throw noAction();
    auditAs(c, 'stream.moderation.undo', String(id), {
      allow: result.allowed ? `${result.allowed.kind}:${result.allowed.value}` : null,
    });
    return c.json(
      { action: actionView(result.row), allowed: result.allowed ? allowView(result.allowed) : null },
      200,
    );
  })
  .openapi(listAllow, async (c) => {
    const rows = await inTenant(c, (tx) =>
      tx.select().from(modAllowlist).orderBy(modAllowlist.kind, modAllowlist.value),
    );
    return c.json({ entries: rows.map(allowView) }, 200);
  })
  .openapi(addAllow, async (c) => {
    const body = c.req.valid('json');
    const { tenantId } = streamScope(c);
    const value = body.value.toLowerCase();
    auditAs(c, 'stream.moderation.allow', `${body.kind}:${value}`);
    const row = await inTenant(c, async (tx) => {
      const [added] = await tx
        .insert(modAllowlist)
        .values({ tenantId, kind: body.kind, value, addedBy: reviewer(c) })
        .onConflictDoUpdate({
          target: [modAllowlist.tenantId, modAllowlist.kind, modAllowlist.value],
          set: { addedBy: reviewer(c) },
        })
        .returning();
      await notifyConfig(tx, tenantId);
      return added!;
    });
    return c.json(allowView(row), 201);
  })
  .openapi(removeAllow, async (c) => {
    const { kind, value } = c.req.valid('query');
    const { tenantId } = streamScope(c);
    auditAs(c, 'stream.moderation.disallow', `${kind}:${value.toLowerCase()}`);
    const removed = await inTenant(c, async (tx) => {
      const rows = await tx
        .delete(modAllowlist)
        .where(and(eq(modAllowlist.kind, kind), eq(modAllowlist.value, value.toLowerCase())))
        .returning({ value: modAllowlist.value });
      if (rows.length > 0) await notifyConfig(tx, tenantId);
      return rows.length;
    });
    if (removed === 0) throw notFound('That entry is not on your allow-list.');
    return c.body(null, 204);
  });
