/**
 * `/api/stream`: giveaways (run, draw, reroll, history) and polls and bets, from the studio. The
 * work is the chat runner's own operations (`@homelab/db/stream/giveaways`, `…/polls`) run as the
 * tenant; what chat should hear goes out as NOTIFY 'bot' {kind: 'announce'} from the same
 * transaction, and {kind: 'config'} tells the runners to drop what they cached of the tenant.
 */
import { botUserLevels } from '@homelab/db/schema';
import type { AnyDb } from '@homelab/db/stream/currency';
import {
  cancelGiveaway,
  closeGiveaway,
  drawGiveaway,
  entriesOf,
  type Giveaway,
  getGiveaway,
  listGiveaways,
  openGiveaway,
  rerollGiveaway,
  winnersOf,
} from '@homelab/db/stream/giveaways';
import {
  cancelPoll,
  closePoll,
  createPoll,
  describeTallies,
  getPoll,
  listPolls,
  type Poll,
  resolveBet,
  talliesOf,
} from '@homelab/db/stream/polls';
import { createRoute, z } from '@hono/zod-openapi';
import { sql } from 'drizzle-orm';
import { idErrors, idParam, notifyConfig, tenant } from '../commands/shared';
import type { AppContext } from '../lib/context';
import { auditAs } from '../lib/context';
import { conflict, notFound } from '../lib/errors';
import { createRouter, errors, jsonBody, jsonResponse } from '../lib/router';
import { inTenant, streamScope } from '../stream/guard';

const tags = ['stream giveaways'];
const changes = [400, 401, 403, 404, 409, 503] as const;
const limitQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });

const giveawaySchema = z
  .object({
    id: z.uuid(),
    prize: z.string(),
    keyword: z.string(),
    cost: z.number().int(),
    subscriberLuck: z.number().int(),
    minLevel: z.enum(botUserLevels),
    claimSeconds: z.number().int(),
    state: z.enum(['open', 'closed', 'drawn', 'cancelled']),
    entries: z.number().int(),
    createdAt: z.string(),
    closedAt: z.string().nullable(),
  })
  .openapi('Giveaway');
const winnerSchema = z
  .object({
    id: z.number().int(),
    viewerId: z.uuid(),
    userName: z.string(),
    state: z.enum(['pending', 'claimed', 'expired', 'rerolled']),
    drawnAt: z.string(),
    claimedAt: z.string().nullable(),
    /** When a pending win runs out (null: never, or not pending). */
    expiresAt: z.string().nullable(),
  })
  .openapi('GiveawayWinner');
const giveawayWithWinners = giveawaySchema
  .extend({ winners: z.array(winnerSchema) })
  .openapi('GiveawayWithWinners');
const entrySchema = z
  .object({
    viewerId: z.uuid(),
    userName: z.string(),
    platform: z.enum(['twitch', 'youtube', 'kick']),
    tickets: z.number().int(),
    enteredAt: z.string(),
  })
  .openapi('GiveawayEntry');

const giveawayInput = z
  .object({
    prize: z.string().trim().min(1, 'Name the prize').max(200),
    keyword: z
      .string()
      .trim()
      .min(1, 'Choose what viewers type to enter')
      .max(40)
      .regex(/^\S+$/, 'The keyword is one word, e.g. !enter'),
    cost: z.number().int().min(0).max(1_000_000_000).default(0),
    subscriberLuck: z.number().int().min(1).max(10).default(1),
    minLevel: z.enum(botUserLevels).default('everyone'),
    claimSeconds: z.number().int().min(0).max(86_400).default(60),
  })
  .strict()
  .openapi('GiveawayInput');

const pollSchema = z
  .object({
    id: z.uuid(),
    kind: z.enum(['poll', 'bet']),
    question: z.string(),
    options: z.array(z.string()),
    state: z.enum(['open', 'closed', 'resolved', 'cancelled']),
    winningOption: z.number().int().nullable(),
    closesAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('Poll');
const tallySchema = z
  .object({ option: z.number().int(), label: z.string(), votes: z.number().int(), amount: z.number().int() })
  .openapi('PollTally');
const pollInput = z
  .object({
    kind: z.enum(['poll', 'bet']).default('poll'),
    question: z.string().trim().min(1, 'Ask a question').max(200),
    options: z
      .array(z.string().trim().min(1, 'An option cannot be empty').max(100))
      .min(2, 'Give at least 2 options')
      .max(10, 'Give at most 10 options'),
  })
  .strict()
  .openapi('PollInput');
const pollWithTallies = z.object({ poll: pollSchema, tallies: z.array(tallySchema) });

const giveawayAction = <P extends string>(path: P, summary: string) =>
  createRoute({
    method: 'post',
    path,
    tags,
    summary,
    middleware: [tenant] as const,
    request: { params: idParam },
    responses: { 200: jsonResponse(giveawayWithWinners, 'The giveaway now'), ...errors(...changes) },
  });
const pollAction = <P extends string>(path: P, summary: string) =>
  createRoute({
    method: 'post',
    path,
    tags,
    summary,
    middleware: [tenant] as const,
    request: { params: idParam },
    responses: {
      200: jsonResponse(pollWithTallies, 'The poll now'),
      ...errors(...changes),
    },
  });

const listGiveawaysRoute = createRoute({
  method: 'get',
  path: '/giveaways',
  tags,
  summary: 'Your giveaways, newest first, with their winners',
  middleware: [tenant] as const,
  request: { query: limitQuery },
  responses: {
    200: jsonResponse(z.object({ giveaways: z.array(giveawayWithWinners) }), 'Giveaways'),
    ...errors(...idErrors),
  },
});
const openGiveawayRoute = createRoute({
  method: 'post',
  path: '/giveaways',
  tags,
  summary: 'Open a giveaway (one at a time) and announce it in chat',
  middleware: [tenant] as const,
  request: { body: jsonBody(giveawayInput) },
  responses: { 201: jsonResponse(giveawayWithWinners, 'Opened'), ...errors(...changes) },
});
const getGiveawayRoute = createRoute({
  method: 'get',
  path: '/giveaways/{id}',
  tags,
  summary: 'A giveaway with its winners and a page of its entries',
  middleware: [tenant] as const,
  request: {
    params: idParam,
    query: z.object({
      offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
      limit: z.coerce.number().int().min(1).max(500).default(100),
    }),
  },
  responses: {
    200: jsonResponse(
      z.object({ giveaway: giveawayWithWinners, entries: z.array(entrySchema) }),
      'The giveaway',
    ),
    ...errors(...idErrors),
  },
});
const closeGiveawayRoute = giveawayAction('/giveaways/{id}/close', 'Stop taking entries');
const drawGiveawayRoute = giveawayAction(
  '/giveaways/{id}/draw',
  'Draw a winner (closes entries) and announce them',
);
const rerollGiveawayRoute = giveawayAction(
  '/giveaways/{id}/reroll',
  'Set the pending winner aside and draw again',
);
const cancelGiveawayRoute = giveawayAction(
  '/giveaways/{id}/cancel',
  'Cancel an undrawn giveaway; paid entries are refunded',
);

const listPollsRoute = createRoute({
  method: 'get',
  path: '/polls',
  tags,
  summary: 'Your polls and bets, newest first, with their tallies',
  middleware: [tenant] as const,
  request: { query: limitQuery },
  responses: {
    200: jsonResponse(
      z.object({ polls: z.array(pollSchema.extend({ tallies: z.array(tallySchema) })) }),
      'Polls',
    ),
    ...errors(...idErrors),
  },
});
const createPollRoute = createRoute({
  method: 'post',
  path: '/polls',
  tags,
  summary: 'Open a poll or a bet in chat (one of each kind at a time)',
  middleware: [tenant] as const,
  request: { body: jsonBody(pollInput) },
  responses: {
    201: jsonResponse(pollWithTallies, 'Opened'),
    ...errors(...changes),
  },
});
const getPollRoute = createRoute({
  method: 'get',
  path: '/polls/{id}',
  tags,
  summary: 'A poll or bet with its tallies',
  middleware: [tenant] as const,
  request: { params: idParam },
  responses: {
    200: jsonResponse(pollWithTallies, 'The poll'),
    ...errors(...idErrors),
  },
});
const closePollRoute = pollAction('/polls/{id}/close', 'Stop voting or betting and announce the tallies');
const cancelPollRoute = pollAction(
  '/polls/{id}/cancel',
  'Cancel a poll or an unresolved bet; stakes are refunded',
);
const resolvePollRoute = createRoute({
  method: 'post',
  path: '/polls/{id}/resolve',
  tags,
  summary: 'Settle a bet: the winning option (0-based) shares the pot by stake',
  middleware: [tenant] as const,
  request: {
    params: idParam,
    body: jsonBody(
      z
        .object({ option: z.number().int().min(0).max(9) })
        .strict()
        .openapi('PollResolve'),
    ),
  },
  responses: {
    200: jsonResponse(pollWithTallies, 'Resolved'),
    ...errors(...changes),
  },
});

type Tx = AnyDb;
const noGiveaway = () => notFound('This giveaway is not one of yours.');
const noPoll = () => notFound('This poll is not one of yours.');

/** Tells the runners: drop the tenant's cache, and optionally say something in its chats. */
async function notifyBot(tx: Tx, tenantId: string, text?: string) {
  await notifyConfig(tx, tenantId);
  if (text)
    await tx.execute(
      sql`select pg_notify('bot', ${JSON.stringify({ tenantId, kind: 'announce', text: text.slice(0, 2_000) })})`,
    );
}

function run<T>(c: AppContext, work: (tx: Tx, tenantId: string) => Promise<T>): Promise<T> {
  const { tenantId } = streamScope(c);
  return inTenant(c, (tx) => work(tx as unknown as Tx, tenantId));
}

async function withWinners(tx: Tx, tenantId: string, giveaway: Giveaway) {
  const [one] = await withWinnersMany(tx, tenantId, [giveaway]);
  return one!;
}
async function withWinnersMany(tx: Tx, tenantId: string, list: Giveaway[]) {
  const winners = await winnersOf(
    tx,
    tenantId,
    list.map((g) => g.id),
  );
  return list.map(({ tenantId: _, ...g }) => ({
    ...g,
    winners: winners
      .filter((w) => w.giveawayId === g.id)
      .map(({ giveawayId: __, ...w }) => ({
        ...w,
        expiresAt:
          w.state === 'pending' && g.claimSeconds > 0
            ? new Date(new Date(w.drawnAt).getTime() + g.claimSeconds * 1000).toISOString()
            : null,
      })),
  }));
}

const pollOut = <T extends { tenantId: string; native: unknown }>({ tenantId: _, native: __, ...poll }: T) =>
  poll;
/** A poll as the routes answer it: without its tenant and native ids, with its tallies counted now. */
const pollView = async (tx: Tx, poll: Poll) => ({ poll: pollOut(poll), tallies: await talliesOf(tx, poll) });

/** The tenant's giveaway, or 404. */
async function ownGiveaway(tx: Tx, tenantId: string, id: string) {
  const giveaway = await getGiveaway(tx, tenantId, id);
  if (!giveaway) throw noGiveaway();
  return giveaway;
}

export const giveawayRoutes = createRouter()
  .openapi(listGiveawaysRoute, async (c) => {
    const { limit } = c.req.valid('query');
    const giveaways = await run(c, async (tx, tenantId) =>
      withWinnersMany(tx, tenantId, await listGiveaways(tx, tenantId, limit)),
    );
    return c.json({ giveaways }, 200);
  })
  .openapi(openGiveawayRoute, async (c) => {
    const body = c.req.valid('json');
    auditAs(c, 'stream.giveaway.open', undefined, {
      prize: body.prize,
      keyword: body.keyword,
      cost: body.cost,
    });
    const view = await run(c, async (tx, tenantId) => {
      const opened = await openGiveaway(tx, { tenantId, ...body });
      if (!opened.ok)
        throw conflict(
          `The giveaway for ${opened.giveaway.prize} is still running: draw or cancel it first.`,
        );
      const g = opened.giveaway;
      const cost = g.cost > 0 ? ` (costs ${g.cost})` : '';
      await notifyBot(tx, tenantId, `Giveaway for ${g.prize}! Type ${g.keyword} in chat to enter${cost}.`);
      return withWinners(tx, tenantId, g);
    });
    auditAs(c, 'stream.giveaway.open', view.id, {
      prize: body.prize,
      keyword: body.keyword,
      cost: body.cost,
    });
    return c.json(view, 201);
  })
  .openapi(getGiveawayRoute, async (c) => {
    const { id } = c.req.valid('param');
    const page = c.req.valid('query');
    const found = await run(c, async (tx, tenantId) => {
      return {
        giveaway: await withWinners(tx, tenantId, await ownGiveaway(tx, tenantId, id)),
        entries: await entriesOf(tx, tenantId, id, page),
      };
    });
    return c.json(found, 200);
  })
  .openapi(closeGiveawayRoute, async (c) => {
    const { id } = c.req.valid('param');
    auditAs(c, 'stream.giveaway.close', id);
    const view = await run(c, async (tx, tenantId) => {
      const existing = await ownGiveaway(tx, tenantId, id);
      const closed = await closeGiveaway(tx, tenantId, id);
      if (!closed) throw conflict(`This giveaway is ${existing.state}, not open.`);
      await notifyBot(tx, tenantId, `Entries for ${closed.prize} are closed: ${closed.entries} entered.`);
      return withWinners(tx, tenantId, closed);
    });
    return c.json(view, 200);
  })
  .openapi(drawGiveawayRoute, async (c) => drawOrReroll(c, 'draw'))
  .openapi(rerollGiveawayRoute, async (c) => drawOrReroll(c, 'reroll'))
  .openapi(cancelGiveawayRoute, async (c) => {
    const { id } = c.req.valid('param');
    auditAs(c, 'stream.giveaway.cancel', id);
    const view = await run(c, async (tx, tenantId) => {
      const existing = await ownGiveaway(tx, tenantId, id);
      const cancelled = await cancelGiveaway(tx, tenantId, id);
      if (!cancelled)
        throw conflict(`This giveaway is ${existing.state}; only an undrawn one can be cancelled.`);
      const refunded = cancelled.refunded > 0 ? '; entries were refunded' : '';
      await notifyBot(tx, tenantId, `The giveaway for ${existing.prize} was cancelled${refunded}.`);
      return withWinners(tx, tenantId, cancelled.giveaway);
    });
    return c.json(view, 200);
  })
  .openapi(listPollsRoute, async (c) => {
    const { limit } = c.req.valid('query');
    const polls = await run(c, async (tx, tenantId) => {
      const list = await listPolls(tx, tenantId, limit);
      return Promise.all(
        list.map(async (poll) => ({ ...pollOut(poll), tallies: await talliesOf(tx, poll) })),
      );
    });
    return c.json({ polls }, 200);
  })
  .openapi(createPollRoute, async (c) => {
    const body = c.req.valid('json');
    auditAs(c, 'stream.poll.create', undefined, { kind: body.kind, question: body.question });
    const made = await run(c, async (tx, tenantId) => {
      const created = await createPoll(tx, { tenantId, ...body });
      if (!created.ok) throw conflict(`"${created.poll.question}" is still running: close it first.`);
      const how = body.kind === 'poll' ? 'Vote with !vote N or just N' : 'Bet with !bet N amount';
      const options = body.options.map((o, i) => `${i + 1}. ${o}`).join(', ');
      await notifyBot(
        tx,
        tenantId,
        `${body.kind === 'poll' ? 'Poll' : 'Bet'}: ${body.question} ${how}: ${options}`,
      );
      return pollView(tx, created.poll);
    });
    auditAs(c, 'stream.poll.create', made.poll.id, { kind: body.kind, question: body.question });
    return c.json(made, 201);
  })
  .openapi(getPollRoute, async (c) => {
    const { id } = c.req.valid('param');
    const found = await run(c, async (tx, tenantId) => {
      const poll = await getPoll(tx, tenantId, id);
      if (!poll) throw noPoll();
      return pollView(tx, poll);
    });
    return c.json(found, 200);
  })
  .openapi(closePollRoute, async (c) => {
    const { id } = c.req.valid('param');
    auditAs(c, 'stream.poll.close', id);
    const result = await run(c, async (tx, tenantId) => {
      const closed = await closePoll(tx, tenantId, id);
      if (!closed.ok) throw closed.reason === 'not_found' ? noPoll() : conflict('This poll is not open.');
      const prefix = closed.poll.kind === 'poll' ? 'Poll closed' : 'Bets are closed';
      // A poll running natively on Twitch too: the runner holding the Twitch channel ends it on this
      // notification and announces the tallies with Twitch's votes (the poll's detail shows them then).
      if (closed.poll.native.twitch) await notifyBot(tx, tenantId);
      else await notifyBot(tx, tenantId, `${prefix}: ${describeTallies(closed.poll, closed.tallies)}`);
      return { poll: pollOut(closed.poll), tallies: closed.tallies };
    });
    return c.json(result, 200);
  })
  .openapi(resolvePollRoute, async (c) => {
    const { id } = c.req.valid('param');
    const { option } = c.req.valid('json');
    auditAs(c, 'stream.poll.resolve', id, { option });
    const result = await run(c, async (tx, tenantId) => {
      const resolved = await resolveBet(tx, tenantId, id, option);
      if (!resolved.ok) {
        if (resolved.reason === 'not_found') throw noPoll();
        throw conflict(
          resolved.reason === 'bad_option'
            ? 'That option is not one of the bet’s.'
            : 'Only an open or closed bet can be resolved.',
        );
      }
      const label = resolved.poll.options[option];
      await notifyBot(
        tx,
        tenantId,
        resolved.refunded
          ? `"${label}" won; nobody bet on it, so every stake was refunded.`
          : `"${label}" won! ${resolved.payouts.length} winners share ${resolved.pot}.`,
      );
      return { poll: pollOut(resolved.poll), tallies: resolved.tallies };
    });
    return c.json(result, 200);
  })
  .openapi(cancelPollRoute, async (c) => {
    const { id } = c.req.valid('param');
    auditAs(c, 'stream.poll.cancel', id);
    const result = await run(c, async (tx, tenantId) => {
      const cancelled = await cancelPoll(tx, tenantId, id);
      if (!cancelled.ok)
        throw cancelled.reason === 'not_found' ? noPoll() : conflict('This poll is already over.');
      const refunds = cancelled.refunds.length > 0 ? `; ${cancelled.refunds.length} stakes refunded` : '';
      await notifyBot(tx, tenantId, `"${cancelled.poll.question}" was cancelled${refunds}.`);
      return pollView(tx, cancelled.poll);
    });
    return c.json(result, 200);
  });

async function drawOrReroll(c: AppContext, action: 'draw' | 'reroll') {
  const id = c.req.param('id') ?? '';
  auditAs(c, `stream.giveaway.${action}`, id);
  const view = await run(c, async (tx, tenantId) => {
    await ownGiveaway(tx, tenantId, id);
    const drawn =
      action === 'draw' ? await drawGiveaway(tx, tenantId, id) : await rerollGiveaway(tx, tenantId, id);
    if (!drawn.ok)
      throw conflict(
        drawn.reason === 'no_entries'
          ? 'Nobody is left to draw: every entrant has won already or nobody entered.'
          : 'This giveaway was cancelled.',
      );
    const claim =
      drawn.giveaway.claimSeconds > 0
        ? ` Say something in chat within ${drawn.giveaway.claimSeconds}s to claim it.`
        : '';
    await notifyBot(tx, tenantId, `@${drawn.winner.userName} won ${drawn.giveaway.prize}!${claim}`);
    return withWinners(tx, tenantId, drawn.giveaway);
  });
  return c.json(view, 200);
}
