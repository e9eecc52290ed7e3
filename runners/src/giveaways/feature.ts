/**
 * Giveaways in chat: viewers enter by saying the keyword (rate limited per viewer, level-gated,
 * optionally paid, subscribers get `subscriberLuck` tickets); a winner claims by speaking in chat
 * before the claim time runs out, otherwise the tick expires the win and says so. Moderators run it
 * with `!giveaway start <keyword> <prize…>` and `!giveaway close|draw|reroll|cancel`.
 */

import type { AnyDb } from '@homelab/db/stream/currency';
import type { UserLevel } from '@homelab/db/stream/events';
import { userLevels } from '@homelab/db/stream/events';
import {
  cancelGiveaway,
  claimWins,
  closeGiveaway,
  currentGiveaway,
  drawGiveaway,
  enterGiveaway,
  expireWins,
  type Giveaway,
  normalizeKeyword,
  openGiveaway,
  type PendingWinner,
  pendingWinners,
  rerollGiveaway,
} from '@homelab/db/stream/giveaways';
import { levelAtLeast } from '../bot/engine';
import type { BotDeps, BotEvent, Feature, FeatureFactory } from '../bot/types';
import { announce, tenantCache } from './announce';

const windowMs = 60_000;
const stateTtlMs = 5_000;

type TenantState = { giveaway: Giveaway | null; pending: PendingWinner[] };

/** Sliding-window counter of entry attempts per tenant and viewer, in memory. */
export function entryLimiter(now: () => number) {
  const attempts = new Map<string, number[]>();
  return {
    /** Whether one more attempt fits under `perMinute`; the attempt is counted either way. */
    allow(key: string, perMinute: number): boolean {
      const at = now();
      const recent = (attempts.get(key) ?? []).filter((t) => at - t < windowMs);
      recent.push(at);
      attempts.set(key, recent);
      return recent.length <= perMinute;
    },
    sweep() {
      const at = now();
      for (const [key, times] of attempts) if (times.every((t) => at - t >= windowMs)) attempts.delete(key);
    },
    size: () => attempts.size,
  };
}

const flags = { cost: 'cost', luck: 'subscriberLuck', claim: 'claimSeconds', level: 'minLevel' } as const;

/** `!giveaway start <keyword> [cost=N] [luck=N] [claim=S] [level=L] <prize…>` */
export function parseStart(args: string[]) {
  const [keyword, ...rest] = args;
  if (!keyword || keyword.length > 40) return null;
  const options: { cost?: number; subscriberLuck?: number; claimSeconds?: number; minLevel?: UserLevel } = {};
  const prize: string[] = [];
  for (const word of rest) {
    const flag = /^(cost|luck|claim|level)=(\S+)$/i.exec(word);
    if (!flag) {
      prize.push(word);
      continue;
    }
    const name = flags[flag[1]!.toLowerCase() as keyof typeof flags];
    const value = flag[2]!;
    if (name === 'minLevel') {
      if (!(userLevels as readonly string[]).includes(value)) return null;
      options.minLevel = value as UserLevel;
      continue;
    }
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0) return null;
    if (name === 'subscriberLuck' && (n < 1 || n > 10)) return null;
    if (name === 'claimSeconds' && n > 86_400) return null;
    if (name === 'cost' && n > 1_000_000_000) return null;
    options[name] = n;
  }
  const text = prize.join(' ').trim();
  if (!text || text.length > 200) return null;
  return { keyword, prize: text, ...options };
}

export const giveawaysFeature: FeatureFactory = (deps: BotDeps): Feature => {
  const db = deps.pool.db as unknown as AnyDb;
  const limiter = entryLimiter(() => deps.clock.now());
  const state = tenantCache<TenantState>(deps, stateTtlMs, async (tenantId) => {
    const current = await currentGiveaway(db, tenantId);
    return {
      giveaway: current?.state === 'open' ? current : null,
      pending: await pendingWinners(db, tenantId),
    };
  });
  const say = (tenantId: string, text: string) => announce(deps, tenantId, text);

  async function claim(ctx: BotEvent, pending: PendingWinner[]) {
    const viewerId = await ctx.viewerId();
    if (!viewerId || !pending.some((w) => w.viewerId === viewerId)) return;
    const claimed = await claimWins(db, ctx.event.tenantId, viewerId, new Date(deps.clock.now()));
    state.drop(ctx.event.tenantId);
    for (const win of claimed)
      await say(ctx.event.tenantId, `@${win.userName} claimed ${win.prize}. Congratulations!`);
  }

  async function enter(ctx: BotEvent, giveaway: Giveaway) {
    const { event } = ctx;
    ctx.handled = true;
    const key = `${event.tenantId}:${event.platform}:${event.userId}`;
    if (!limiter.allow(key, ctx.settings.giveaways.entriesPerMinute)) {
      deps.log.debug('giveaway entry over the rate limit', {
        tenantId: event.tenantId,
        userId: event.userId,
      });
      return;
    }
    if (!(await ctx.allows(giveaway.minLevel))) return;
    const viewerId = await ctx.viewerId();
    if (!viewerId) return;
    const tickets = levelAtLeast(ctx.level, 'subscriber') ? giveaway.subscriberLuck : 1;
    const result = await enterGiveaway(db, {
      tenantId: event.tenantId,
      giveawayId: giveaway.id,
      viewerId,
      userName: event.userName ?? event.userId ?? 'viewer',
      platform: event.platform,
      tickets,
    });
    if (!result.ok && result.reason === 'balance')
      ctx.reply(
        `entering costs ${giveaway.cost} ${ctx.settings.currency.name}; you have ${result.balance ?? 0}.`,
        {
          as: 'reply',
        },
      );
    if (!result.ok && result.reason === 'not_open') state.drop(event.tenantId);
  }

  async function command(ctx: BotEvent, args: string[]) {
    const tenantId = ctx.event.tenantId;
    const [sub = 'status', ...rest] = args;
    const current = await currentGiveaway(db, tenantId);
    state.drop(tenantId);
    switch (sub.toLowerCase()) {
      case 'start':
      case 'open': {
        const input = parseStart(rest);
        if (!input) {
          ctx.reply('Usage: !giveaway start <keyword> [cost=N] [luck=N] [claim=S] [level=L] <prize…>');
          return;
        }
        const opened = await openGiveaway(db, { tenantId, ...input });
        if (!opened.ok) {
          ctx.reply(
            `A giveaway for ${opened.giveaway.prize} is still running: close and draw it or cancel it first.`,
          );
          return;
        }
        const g = opened.giveaway;
        const cost = g.cost > 0 ? ` (costs ${g.cost} ${ctx.settings.currency.name})` : '';
        await say(tenantId, `Giveaway for ${g.prize}! Type ${g.keyword} in chat to enter${cost}.`);
        return;
      }
      case 'close': {
        const closed = current?.state === 'open' ? await closeGiveaway(db, tenantId, current.id) : null;
        if (!closed) ctx.reply('No giveaway is open.');
        else await say(tenantId, `Entries for ${closed.prize} are closed: ${closed.entries} entered.`);
        return;
      }
      case 'draw':
      case 'reroll': {
        if (!current || current.state === 'cancelled') {
          ctx.reply('There is no giveaway to draw.');
          return;
        }
        const drawn =
          sub.toLowerCase() === 'draw'
            ? await drawGiveaway(db, tenantId, current.id)
            : await rerollGiveaway(db, tenantId, current.id);
        if (!drawn.ok) {
          ctx.reply(
            drawn.reason === 'no_entries' ? 'Nobody is left to draw.' : 'There is no giveaway to draw.',
          );
          return;
        }
        const claimText =
          drawn.giveaway.claimSeconds > 0
            ? ` Say something in chat within ${drawn.giveaway.claimSeconds}s to claim it.`
            : '';
        await say(tenantId, `@${drawn.winner.userName} won ${drawn.giveaway.prize}!${claimText}`);
        return;
      }
      case 'cancel': {
        const cancelled = current ? await cancelGiveaway(db, tenantId, current.id) : null;
        if (!cancelled) ctx.reply('No giveaway is running.');
        else
          await say(
            tenantId,
            `The giveaway for ${cancelled.giveaway.prize} was cancelled${cancelled.refunded > 0 ? '; entries were refunded' : ''}.`,
          );
        return;
      }
      default: {
        if (!current) ctx.reply('No giveaway is running.');
        else if (current.state === 'open')
          ctx.reply(
            `Giveaway for ${current.prize}: type ${current.keyword} to enter (${current.entries} entered).`,
          );
        else ctx.reply(`The last giveaway was for ${current.prize} (${current.state}).`);
      }
    }
  }

  return {
    name: 'giveaways',
    commands: [
      {
        name: 'giveaway',
        aliases: ['ga'],
        minLevel: (settings) => settings.builtins.modLevel,
        description: 'Runs a giveaway: start <keyword> <prize…>, close, draw, reroll, cancel',
        run: command,
      },
    ],
    async onEvent(ctx) {
      const { event } = ctx;
      if ((event.kind !== 'message' && event.kind !== 'command') || !event.userId || !event.text) return;
      const current = await state.get(event.tenantId);
      if (current.pending.length > 0) await claim(ctx, current.pending);
      const giveaway = current.giveaway;
      if (giveaway && normalizeKeyword(event.text) === normalizeKeyword(giveaway.keyword))
        await enter(ctx, giveaway);
    },
    async tick(now) {
      limiter.sweep();
      const tenants = [...new Set(deps.channels().map((c) => c.tenantId))];
      const expired = await expireWins(db, tenants, new Date(now));
      for (const win of expired) {
        state.drop(win.tenantId);
        await say(
          win.tenantId,
          `@${win.userName} did not claim ${win.prize} in time. A moderator can !giveaway reroll.`,
        );
      }
    },
    invalidate: (tenantId) => state.drop(tenantId),
  };
};
