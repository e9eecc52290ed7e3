/**
 * The currency in chat: viewers earn per message (at most once per cooldown) and per minute
 * watched while the stream is live, and use `!points`, `!give`, `!top`, `!link`; mods use
 * `!addpoints` / `!removepoints`. Message counts, last-seen times and earnings are buffered in
 * memory and written on the tick in one statement per tenant, so a busy chat costs a few writes
 * every 5 s, not one per message.
 */
import type { ChatPlatform } from '@homelab/db/schema';
import { awardMany, changeBalance, transfer } from '@homelab/db/stream/currency';
import {
  balanceRank,
  confirmLinkCode,
  createLinkCode,
  findViewerByName,
  type LinkMerged,
  markLinkCodePrivate,
  recordActivity,
  redeemLinkCode,
  topViewers,
} from '@homelab/db/stream/viewers';
import type { BotDeps, BotEvent, BuiltinCommand, Feature, FeatureFactory } from '../bot/types';
import { actorOf, amountText, isSubscriber, readAmount, readUserName } from './chat';

/** A viewer who chatted this recently counts as watching. */
export const watchWindowMs = 10 * 60_000;
export const watchEveryMs = 60_000;

type Presence = { tenantId: string; lastAt: number; subscriber: boolean };
type Activity = { messages: number; watchMinutes: number; lastSeenAt: number };

export const currencyFeature: FeatureFactory = (deps: BotDeps): Feature => {
  const { pool, clock } = deps;
  const db = pool.db;
  /** channelId → viewerId → when they last chatted there. */
  const present = new Map<string, Map<string, Presence>>();
  /** `tenant:viewer` → when they last earned for a message. */
  const lastEarned = new Map<string, number>();
  /** tenantId → viewerId → counts not yet written. */
  const activity = new Map<string, Map<string, Activity>>();
  /** tenantId → viewerId → message earnings not yet written. */
  const earnings = new Map<string, Map<string, number>>();
  let lastWatchAt: number | null = null;

  function bucket<V>(map: Map<string, Map<string, V>>, key: string) {
    const found = map.get(key);
    if (found) return found;
    const inner = new Map<string, V>();
    map.set(key, inner);
    return inner;
  }

  function noteActivity(tenantId: string, viewerId: string, change: Partial<Activity>, at: number) {
    const row = bucket(activity, tenantId).get(viewerId) ?? { messages: 0, watchMinutes: 0, lastSeenAt: at };
    row.messages += change.messages ?? 0;
    row.watchMinutes += change.watchMinutes ?? 0;
    row.lastSeenAt = Math.max(row.lastSeenAt, at);
    bucket(activity, tenantId).set(viewerId, row);
  }

  async function onEvent(ctx: BotEvent) {
    const { event } = ctx;
    if ((event.kind !== 'message' && event.kind !== 'command') || !event.userId) return;
    const viewerId = await ctx.viewerId();
    if (!viewerId) return;
    const now = clock.now();
    const subscriber = isSubscriber(ctx);
    bucket(present, event.channelId).set(viewerId, { tenantId: event.tenantId, lastAt: now, subscriber });
    noteActivity(event.tenantId, viewerId, { messages: 1 }, now);

    const currency = ctx.settings.currency;
    if (!currency.enabled || currency.perMessage <= 0 || event.kind !== 'message') return;
    const key = `${event.tenantId}:${viewerId}`;
    const last = lastEarned.get(key);
    if (last !== undefined && now - last < currency.messageCooldownS * 1_000) return;
    lastEarned.set(key, now);
    const amount = Math.round(currency.perMessage * (subscriber ? currency.subscriberMultiplier : 1));
    const pending = bucket(earnings, event.tenantId);
    pending.set(viewerId, (pending.get(viewerId) ?? 0) + amount);
  }

  /** One award per tenant for everyone watching a live channel of it (a viewer once, however many channels). */
  async function awardWatching(now: number) {
    const watching = new Map<string, Map<string, boolean>>();
    for (const [channelId, viewers] of present) {
      const live = deps.channel(channelId) ? deps.live(channelId).live : false;
      for (const [viewerId, seen] of viewers) {
        if (now - seen.lastAt > watchWindowMs) {
          viewers.delete(viewerId);
          continue;
        }
        if (!live) continue;
        const tenant = bucket(watching, seen.tenantId);
        tenant.set(viewerId, (tenant.get(viewerId) ?? false) || seen.subscriber);
      }
      if (viewers.size === 0) present.delete(channelId);
    }
    for (const [tenantId, viewers] of watching) {
      for (const viewerId of viewers.keys()) noteActivity(tenantId, viewerId, { watchMinutes: 1 }, now);
      const currency = (await deps.settings(tenantId)).currency;
      if (!currency.enabled || currency.perMinute <= 0) continue;
      const awards = [...viewers].map(([viewerId, subscriber]) => ({
        viewerId,
        amount: Math.round(currency.perMinute * (subscriber ? currency.subscriberMultiplier : 1)),
      }));
      await awardMany(db, tenantId, awards, 'watch');
    }
  }

  async function flush(now: number) {
    const pendingEarnings = [...earnings];
    earnings.clear();
    for (const [tenantId, viewers] of pendingEarnings) {
      const awards = [...viewers].map(([viewerId, amount]) => ({ viewerId, amount }));
      await awardMany(db, tenantId, awards, 'message').catch((error) => {
        deps.log.warn('message earnings were not written', { tenantId, err: error });
      });
    }
    const pendingActivity = [...activity];
    activity.clear();
    for (const [tenantId, viewers] of pendingActivity) {
      const rows = [...viewers].map(([viewerId, a]) => ({
        viewerId,
        messages: a.messages,
        watchMinutes: a.watchMinutes,
        lastSeenAt: new Date(a.lastSeenAt).toISOString(),
      }));
      await recordActivity(db, tenantId, rows).catch((error) => {
        deps.log.warn('viewer activity was not written', { tenantId, err: error });
      });
    }
    for (const [key, at] of lastEarned) if (now - at > 3_600_000) lastEarned.delete(key);
  }

  async function tick(now: number) {
    if (lastWatchAt === null) lastWatchAt = now;
    else if (now - lastWatchAt >= watchEveryMs) {
      lastWatchAt = now;
      await awardWatching(now);
    }
    await flush(now);
  }

  const currencyOn = (s: { currency: { enabled: boolean } }) => s.currency.enabled;
  const name = (ctx: BotEvent) => ctx.settings.currency.name;

  async function target(ctx: BotEvent, text: string | undefined) {
    const userName = readUserName(text);
    if (!userName) return null;
    return findViewerByName(db, ctx.event.tenantId, userName, ctx.event.platform as ChatPlatform);
  }

  const points: BuiltinCommand = {
    name: 'points',
    aliases: ['balance'],
    minLevel: 'everyone',
    description: 'Your balance and rank, or `!points @user` for someone else’s.',
    enabled: currencyOn,
    async run(ctx, args) {
      let viewerId = await ctx.viewerId();
      if (args[0]) {
        const other = await target(ctx, args[0]);
        if (!other)
          return ctx.reply(`I have not seen ${args[0].replace(/^@/, '')} in chat yet.`, { as: 'reply' });
        viewerId = other.id;
      }
      if (!viewerId) return;
      const found = await balanceRank(db, ctx.event.tenantId, viewerId);
      if (!found) return;
      const who = args[0] ? found.displayName : `@${ctx.event.userName}`;
      ctx.reply(`${who} has ${amountText(found.balance, name(ctx))} (rank #${found.rank}).`);
    },
  };

  const give: BuiltinCommand = {
    name: 'give',
    minLevel: 'everyone',
    description: '`!give @user amount` moves some of your balance to another viewer.',
    enabled: currencyOn,
    async run(ctx, args) {
      const amount = readAmount(args[1]);
      const usage = `Use !give @user amount, e.g. !give @friend ${ctx.settings.currency.minTransfer * 10}.`;
      if (!args[0] || !amount) return ctx.reply(usage, { as: 'reply' });
      const min = ctx.settings.currency.minTransfer;
      if (amount < min)
        return ctx.reply(`You can give at least ${amountText(min, name(ctx))}.`, { as: 'reply' });
      const [from, to] = await Promise.all([ctx.viewerId(), target(ctx, args[0])]);
      if (!from) return;
      if (!to) return ctx.reply(`I have not seen ${args[0].replace(/^@/, '')} in chat yet.`, { as: 'reply' });
      if (to.id === from) return ctx.reply('You cannot give to yourself.', { as: 'reply' });
      const result = await transfer(db, {
        tenantId: ctx.event.tenantId,
        fromViewerId: from,
        toViewerId: to.id,
        amount,
      });
      if (!result.ok)
        return ctx.reply(`You only have ${amountText(result.balance, name(ctx))}.`, { as: 'reply' });
      ctx.reply(
        `@${ctx.event.userName} gave ${amountText(amount, name(ctx))} to ${to.displayName}; you have ${amountText(result.balance, name(ctx))} left.`,
      );
    },
  };

  const top: BuiltinCommand = {
    name: 'top',
    aliases: ['leaderboard'],
    minLevel: 'everyone',
    description: 'The five viewers with the highest balance.',
    enabled: currencyOn,
    async run(ctx) {
      const rows = await topViewers(db, ctx.event.tenantId, 5);
      if (rows.length === 0) return ctx.reply(`Nobody has any ${name(ctx)} yet.`);
      ctx.reply(
        `Top ${name(ctx)}: ${rows.map((r, i) => `${i + 1}. ${r.displayName} (${r.balance.toLocaleString('en-US')})`).join(', ')}`,
      );
    },
  };

  function grantCommand(sign: 1 | -1): BuiltinCommand {
    const verb = sign > 0 ? 'addpoints' : 'removepoints';
    return {
      name: verb,
      minLevel: (s) => s.builtins.modLevel,
      description:
        sign > 0
          ? '`!addpoints @user amount` gives a viewer currency (mods).'
          : '`!removepoints @user amount` takes currency from a viewer (mods).',
      enabled: currencyOn,
      async run(ctx, args) {
        const amount = readAmount(args[1]);
        if (!args[0] || !amount) return ctx.reply(`Use !${verb} @user amount.`, { as: 'reply' });
        const to = await target(ctx, args[0]);
        if (!to)
          return ctx.reply(`I have not seen ${args[0].replace(/^@/, '')} in chat yet.`, { as: 'reply' });
        const result = await changeBalance(db, {
          tenantId: ctx.event.tenantId,
          viewerId: to.id,
          delta: sign * amount,
          reason: 'grant',
          ref: `!${verb}`,
          actor: actorOf(ctx),
        });
        if (!result.ok)
          return ctx.reply(`${to.displayName} only has ${amountText(result.balance, name(ctx))}.`, {
            as: 'reply',
          });
        ctx.reply(`${to.displayName} now has ${amountText(result.balance, name(ctx))}.`);
      },
    };
  }

  /** Buffered counts of a merged viewer would land nowhere: they move onto the kept one. */
  function handOver(tenantId: string, merged: LinkMerged) {
    const pending = activity.get(tenantId)?.get(merged.mergedViewerId);
    if (pending) {
      activity.get(tenantId)?.delete(merged.mergedViewerId);
      noteActivity(tenantId, merged.viewerId, pending, pending.lastSeenAt);
    }
    const owed = earnings.get(tenantId)?.get(merged.mergedViewerId);
    if (owed) {
      earnings.get(tenantId)?.delete(merged.mergedViewerId);
      const pendingEarnings = bucket(earnings, tenantId);
      pendingEarnings.set(merged.viewerId, (pendingEarnings.get(merged.viewerId) ?? 0) + owed);
    }
  }

  const linkRefusals = {
    unknown_code: 'That code is unknown or expired; type !link on your other platform for a new one.',
    same_viewer: 'That code is your own; type it on your other platform.',
    same_platform: 'Those accounts are on the same platform; link accounts of different platforms.',
    already_claimed: 'Someone already typed that code; type !link on your other platform for a new one.',
    nothing_to_confirm: 'You have no link code waiting for a yes; type !link for a new one.',
    not_claimed: 'Nobody has typed your code yet; type !link CODE on your other platform first.',
    wrong_name: 'That is not who typed your code, so the code is void; type !link for a new one.',
  } as const;

  const link: BuiltinCommand = {
    name: 'link',
    minLevel: 'everyone',
    description:
      '`!link` gives a code; `!link CODE` on your other platform joins both accounts into one balance (a code said in chat, not whispered, also needs `!link yes <your name there>`).',
    enabled: (s) => s.builtins.link.enabled,
    async run(ctx, args) {
      const viewerId = await ctx.viewerId();
      if (!viewerId) return;
      const tenantId = ctx.event.tenantId;
      const now = new Date(clock.now());
      const linked = (merged: LinkMerged) => {
        handOver(tenantId, merged);
        ctx.reply(`linked! Your accounts now share ${amountText(merged.balance, name(ctx))}.`, {
          as: 'whisper',
        });
      };
      if (!args[0]) {
        const { code } = await createLinkCode(db, tenantId, viewerId, now);
        if (
          await ctx.whisper(
            `Your link code is ${code}. Type !link ${code} on your other platform within 10 minutes.`,
          )
        )
          return markLinkCodePrivate(db, tenantId, code);
        // Anyone reading chat can type a code said there: its owner confirms who did (YouTube: ≤ 200 characters).
        return ctx.reply(
          `@${ctx.event.userName} your link code is ${code}. Type !link ${code} on your other platform, then come back here and type !link yes <your name there>.`,
        );
      }
      if (args[0].toLowerCase() === 'yes') {
        const claimant = args.slice(1).join(' ').trim();
        if (!claimant)
          return ctx.reply('Type !link yes <your name on the other platform>.', { as: 'whisper' });
        const result = await confirmLinkCode(db, { tenantId, viewerId, name: claimant, now });
        return result.ok ? linked(result) : ctx.reply(linkRefusals[result.reason], { as: 'whisper' });
      }
      const result = await redeemLinkCode(db, { tenantId, viewerId, code: args[0], now });
      if (!result.ok) return ctx.reply(linkRefusals[result.reason], { as: 'whisper' });
      if (result.state === 'linked') return linked(result);
      ctx.reply(
        `code claimed. To finish, type !link yes ${ctx.event.userName} where you got the code, within 10 minutes.`,
        { as: 'whisper' },
      );
    },
  };

  return {
    name: 'currency',
    commands: [points, give, top, grantCommand(1), grantCommand(-1), link],
    onEvent,
    tick,
    async stop() {
      await flush(clock.now());
    },
  };
};
