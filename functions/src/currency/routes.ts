/**
 * `/api/stream/currency`: the tenant's viewers ranked (leaderboard with each platform's account),
 * one viewer with their recent ledger, grants from the studio, and the ledger. Every query runs as
 * the tenant under Row-Level Security, so another tenant's viewer answers 404. The currency's and
 * games' settings live in the bot settings (`/api/stream/settings`).
 */
import { currencyLedger, currencyReasons, viewerIdentities, viewers } from '@homelab/db/schema';
import { type AnyDb, changeBalance } from '@homelab/db/stream/currency';
import { balanceRank, leaderboard, leaderboardSorts } from '@homelab/db/stream/viewers';
import { createRoute, z } from '@hono/zod-openapi';
import { and, asc, desc, eq, lt } from 'drizzle-orm';
import { auditAs } from '../lib/context';
import { conflict, notFound } from '../lib/errors';
import { createRouter, errors, jsonBody, jsonResponse } from '../lib/router';
import { inTenant, streamScope, streamTenant } from '../stream/guard';

const tags = ['stream currency'];
const tenant = streamTenant();
const tenantErrors = [401, 403, 404] as const;
const platforms = ['twitch', 'youtube', 'kick'] as const;

const viewerIdParam = z.object({ id: z.uuid({ error: 'must be a viewer id' }) });

const identitySchema = z.object({
  platform: z.enum(platforms),
  platformUserId: z.string(),
  userName: z.string(),
});

const viewerSchema = z
  .object({
    id: z.uuid(),
    rank: z.number().int().describe('Place by the sort asked for (1 = highest); ties share a place.'),
    displayName: z.string(),
    balance: z.number().int(),
    watchMinutes: z.number().int(),
    messages: z.number().int(),
    firstSeenAt: z.string(),
    lastSeenAt: z.string(),
    identities: z.array(identitySchema),
  })
  .openapi('CurrencyViewer');

const ledgerEntrySchema = z
  .object({
    id: z.number().int(),
    viewerId: z.uuid(),
    displayName: z.string(),
    delta: z.number().int(),
    balanceAfter: z.number().int(),
    reason: z.enum(currencyReasons),
    ref: z.string().nullable(),
    actor: z.string().nullable(),
    at: z.string(),
  })
  .openapi('CurrencyLedgerEntry');

const cursorSchema = z
  .string()
  .regex(/^\d{1,9}$/, 'must be the nextCursor of the previous page')
  .optional();

const listViewers = createRoute({
  method: 'get',
  path: '/currency/viewers',
  tags,
  summary: 'The leaderboard: viewers ranked by balance, watch time or messages, with a name search',
  middleware: [tenant] as const,
  request: {
    query: z.object({
      search: z.string().trim().max(100, 'Search for at most 100 characters').optional(),
      sort: z.enum(leaderboardSorts).default('balance'),
      cursor: cursorSchema,
      limit: z.coerce.number().int().min(1).max(100).default(50),
    }),
  },
  responses: {
    200: jsonResponse(
      z.object({ viewers: z.array(viewerSchema), nextCursor: z.string().nullable() }),
      'One page of viewers',
    ),
    ...errors(400, ...tenantErrors),
  },
});

const getViewer = createRoute({
  method: 'get',
  path: '/currency/viewers/{id}',
  tags,
  summary: 'One viewer: balance rank, accounts per platform and the latest ledger entries',
  middleware: [tenant] as const,
  request: { params: viewerIdParam },
  responses: {
    200: jsonResponse(z.object({ viewer: viewerSchema, ledger: z.array(ledgerEntrySchema) }), 'The viewer'),
    ...errors(400, ...tenantErrors),
  },
});

const grant = createRoute({
  method: 'post',
  path: '/currency/viewers/{id}/grant',
  tags,
  summary: 'Give (or, with a negative amount, take) currency; 409 when it would go below 0',
  middleware: [tenant] as const,
  request: {
    params: viewerIdParam,
    body: jsonBody(
      z
        .object({
          amount: z
            .number({ error: 'amount must be a whole number' })
            .int('amount must be a whole number')
            .min(-1_000_000_000, 'amount is at least -1,000,000,000')
            .max(1_000_000_000, 'amount is at most 1,000,000,000')
            .refine((n) => n !== 0, 'amount must not be 0'),
          reason: z
            .string()
            .trim()
            .min(1, 'Say why, e.g. "won the art contest"')
            .max(200, 'A reason holds at most 200 characters'),
        })
        .strict()
        .meta({ id: 'CurrencyGrant' }),
    ),
  },
  responses: {
    200: jsonResponse(z.object({ balance: z.number().int(), entry: ledgerEntrySchema }), 'Granted'),
    ...errors(400, 401, 403, 404, 409),
  },
});

const listLedger = createRoute({
  method: 'get',
  path: '/currency/ledger',
  tags,
  summary: 'Every balance change, newest first; one viewer’s with viewerId',
  middleware: [tenant] as const,
  request: {
    query: z.object({
      viewerId: z.uuid({ error: 'must be a viewer id' }).optional(),
      cursor: z
        .string()
        .regex(/^\d{1,15}$/, 'must be the nextCursor of the previous page')
        .optional(),
      limit: z.coerce.number().int().min(1).max(200).default(50),
    }),
  },
  responses: {
    200: jsonResponse(
      z.object({ entries: z.array(ledgerEntrySchema), nextCursor: z.string().nullable() }),
      'Ledger entries',
    ),
    ...errors(400, ...tenantErrors),
  },
});

const noViewer = () => notFound('This viewer is not one of your viewers.');

type LedgerRow = typeof currencyLedger.$inferSelect & { displayName: string };
const entryView = (row: LedgerRow) => ({
  id: row.id,
  viewerId: row.viewerId,
  displayName: row.displayName,
  delta: row.delta,
  balanceAfter: row.balanceAfter,
  reason: row.reason,
  ref: row.ref,
  actor: row.actor,
  at: row.at.toISOString(),
});

async function ledgerPage(
  tx: AnyDb,
  q: { tenantId?: string; viewerId?: string; before?: number; limit: number },
) {
  const rows: LedgerRow[] = await tx
    .select({
      id: currencyLedger.id,
      tenantId: currencyLedger.tenantId,
      viewerId: currencyLedger.viewerId,
      delta: currencyLedger.delta,
      balanceAfter: currencyLedger.balanceAfter,
      reason: currencyLedger.reason,
      ref: currencyLedger.ref,
      actor: currencyLedger.actor,
      at: currencyLedger.at,
      displayName: viewers.displayName,
    })
    .from(currencyLedger)
    .innerJoin(viewers, eq(viewers.id, currencyLedger.viewerId))
    .where(
      and(
        q.viewerId ? eq(currencyLedger.viewerId, q.viewerId) : undefined,
        q.before ? lt(currencyLedger.id, q.before) : undefined,
      ),
    )
    .orderBy(desc(currencyLedger.id))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  return {
    entries: page.map(entryView),
    nextCursor: rows.length > q.limit ? String(page.at(-1)!.id) : null,
  };
}

export const currencyRoutes = createRouter()
  .openapi(listViewers, async (c) => {
    const { search, sort, cursor, limit } = c.req.valid('query');
    const { tenantId } = streamScope(c);
    const page = await inTenant(c, (tx) =>
      leaderboard(tx as unknown as AnyDb, {
        tenantId,
        sort,
        search,
        offset: cursor ? Number(cursor) : 0,
        limit,
      }),
    );
    return c.json(
      { viewers: page.rows, nextCursor: page.nextOffset === null ? null : String(page.nextOffset) },
      200,
    );
  })
  .openapi(getViewer, async (c) => {
    const { id } = c.req.valid('param');
    const { tenantId } = streamScope(c);
    const found = await inTenant(c, async (tx) => {
      const [viewer] = await tx.select().from(viewers).where(eq(viewers.id, id));
      if (!viewer) return null;
      const rank = await balanceRank(tx as unknown as AnyDb, tenantId, id);
      const identities = await tx
        .select({
          platform: viewerIdentities.platform,
          platformUserId: viewerIdentities.platformUserId,
          userName: viewerIdentities.userName,
        })
        .from(viewerIdentities)
        .where(eq(viewerIdentities.viewerId, id))
        .orderBy(asc(viewerIdentities.platform));
      const ledger = await ledgerPage(tx as unknown as AnyDb, { viewerId: id, limit: 20 });
      return { viewer, rank: rank?.rank ?? 1, identities, ledger: ledger.entries };
    });
    if (!found) throw noViewer();
    const { viewer } = found;
    return c.json(
      {
        viewer: {
          id: viewer.id,
          rank: found.rank,
          displayName: viewer.displayName,
          balance: viewer.balance,
          watchMinutes: viewer.watchMinutes,
          messages: viewer.messages,
          firstSeenAt: viewer.firstSeenAt.toISOString(),
          lastSeenAt: viewer.lastSeenAt.toISOString(),
          identities: found.identities,
        },
        ledger: found.ledger,
      },
      200,
    );
  })
  .openapi(grant, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const auth = c.get('auth');
    const { tenantId } = streamScope(c);
    auditAs(c, 'stream.currency.grant', id, { amount: body.amount, reason: body.reason });
    const result = await inTenant(c, async (tx) => {
      const [viewer] = await tx.select({ id: viewers.id }).from(viewers).where(eq(viewers.id, id));
      if (!viewer) return null;
      const change = await changeBalance(tx as unknown as AnyDb, {
        tenantId,
        viewerId: id,
        delta: body.amount,
        reason: 'grant',
        ref: body.reason,
        actor: `studio:${auth?.user.username ?? 'owner'}`,
      });
      if (!change.ok) return change;
      const { entries } = await ledgerPage(tx as unknown as AnyDb, { viewerId: id, limit: 1 });
      return { ...change, entry: entries[0]! };
    });
    if (!result) throw noViewer();
    if (!result.ok)
      throw conflict(
        `That would take the balance below 0: the viewer has ${result.balance}; take at most ${result.balance}.`,
      );
    return c.json({ balance: result.balance, entry: result.entry }, 200);
  })
  .openapi(listLedger, async (c) => {
    const { viewerId, cursor, limit } = c.req.valid('query');
    const page = await inTenant(c, async (tx) => {
      if (viewerId) {
        const [viewer] = await tx.select({ id: viewers.id }).from(viewers).where(eq(viewers.id, viewerId));
        if (!viewer) return null;
      }
      return ledgerPage(tx as unknown as AnyDb, {
        viewerId,
        before: cursor ? Number(cursor) : undefined,
        limit,
      });
    });
    if (!page) throw noViewer();
    return c.json(page, 200);
  });
