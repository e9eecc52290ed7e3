/**
 * Mini-games on the currency: `!duel @user amount` (+ `!accept` / `!deny`), `!roulette amount`,
 * `!slots amount`, `!heist amount`. Bets are taken with changeBalance, so a balance never goes
 * negative and a bet the viewer cannot cover is refused before anything happens; odds and payouts
 * are in ./rules.ts. Pending duels and gathering heists live in memory: a heist still gathering
 * when the runner stops is refunded.
 */

import type { AnyDb } from '@homelab/db/stream/currency';
import { changeBalance } from '@homelab/db/stream/currency';
import type { BotSettings } from '@homelab/db/stream/settings';
import { findViewerByName, lockViewers } from '@homelab/db/stream/viewers';
import type { BotDeps, BotEvent, BuiltinCommand, Feature, FeatureFactory } from '../bot/types';
import { amountText, readAmount, readUserName } from '../currency/chat';
import { chance, coinFlip, heistPayout, heistSurvival, rouletteWins, spinSlots } from './rules';

type Duel = {
  tenantId: string;
  channelId: string;
  challengerId: string;
  challengerName: string;
  targetName: string;
  amount: number;
  expiresAt: number;
};

type Heist = {
  tenantId: string;
  channelId: string;
  endsAt: number;
  minPlayers: number;
  currency: string;
  crew: { viewerId: string; name: string; bet: number }[];
};

class Declined extends Error {}

export const gamesFeature: FeatureFactory = (deps: BotDeps): Feature => {
  const { pool, clock } = deps;
  const db = pool.db;
  /** `tenant:targetViewer` → the duel waiting for their answer. */
  const duels = new Map<string, Duel>();
  /** channelId → the crew gathering there. */
  const heists = new Map<string, Heist>();
  /** `tenant:viewer` → when they may play again. */
  const cooldowns = new Map<string, number>();

  const currencyName = (ctx: BotEvent) => ctx.settings.currency.name;
  const gameOn = (game: 'duel' | 'roulette' | 'slots' | 'heist') => (s: BotSettings) =>
    s.currency.enabled && s.games.enabled && s.games[game].enabled;

  /** The bet in `text` if it is valid and the caller is not cooling down; replies why not. */
  async function readBet(ctx: BotEvent, text: string | undefined, usage: string) {
    const { minBet, maxBet } = ctx.settings.games;
    const amount = readAmount(text);
    if (!amount) {
      ctx.reply(`Use ${usage} (${minBet}–${maxBet} ${currencyName(ctx)}).`, { as: 'reply' });
      return null;
    }
    if (amount < minBet || amount > maxBet) {
      ctx.reply(`Bets go from ${minBet} to ${amountText(maxBet, currencyName(ctx))}.`, { as: 'reply' });
      return null;
    }
    const viewerId = await ctx.viewerId();
    if (!viewerId) return null;
    const until = cooldowns.get(`${ctx.event.tenantId}:${viewerId}`) ?? 0;
    const now = clock.now();
    if (now < until) {
      ctx.reply(`You can play again in ${Math.ceil((until - now) / 1_000)} s.`, { as: 'reply' });
      return null;
    }
    return { amount, viewerId };
  }

  function coolDown(ctx: BotEvent, viewerId: string) {
    cooldowns.set(`${ctx.event.tenantId}:${viewerId}`, clock.now() + ctx.settings.games.cooldownS * 1_000);
  }

  /** Takes the bet; replies and returns false when the balance does not cover it. */
  async function stake(ctx: BotEvent, viewerId: string, amount: number, game: string, on: AnyDb = db) {
    const result = await changeBalance(on, {
      tenantId: ctx.event.tenantId,
      viewerId,
      delta: -amount,
      reason: 'game',
      ref: game,
    });
    if (!result.ok)
      ctx.reply(`You only have ${amountText(result.balance, currencyName(ctx))}.`, { as: 'reply' });
    return result.ok ? result.balance : null;
  }

  const pay = (
    tenantId: string,
    viewerId: string,
    amount: number,
    ref: string,
    reason: 'game' | 'refund' = 'game',
  ) => changeBalance(db, { tenantId, viewerId, delta: amount, reason, ref });

  const roulette: BuiltinCommand = {
    name: 'roulette',
    minLevel: 'everyone',
    description: '`!roulette amount`: double it or lose it.',
    enabled: gameOn('roulette'),
    async run(ctx, args) {
      const bet = await readBet(ctx, args[0], '!roulette amount');
      if (!bet) return;
      const left = await stake(ctx, bet.viewerId, bet.amount, 'roulette');
      if (left === null) return;
      coolDown(ctx, bet.viewerId);
      const name = currencyName(ctx);
      if (!rouletteWins(ctx.settings.games.roulette.winChance))
        return ctx.reply(`@${ctx.event.userName} lost ${amountText(bet.amount, name)} (${left} left).`);
      const won = await pay(ctx.event.tenantId, bet.viewerId, bet.amount * 2, 'roulette');
      ctx.reply(`@${ctx.event.userName} won ${amountText(bet.amount, name)} and now has ${won.balance}!`);
    },
  };

  const slots: BuiltinCommand = {
    name: 'slots',
    minLevel: 'everyone',
    description: '`!slots amount`: three alike pay 10×, two alike 2×.',
    enabled: gameOn('slots'),
    async run(ctx, args) {
      const bet = await readBet(ctx, args[0], '!slots amount');
      if (!bet || (await stake(ctx, bet.viewerId, bet.amount, 'slots')) === null) return;
      coolDown(ctx, bet.viewerId);
      const { reels, multiplier } = spinSlots(ctx.settings.games.slots.symbols);
      const name = currencyName(ctx);
      const line = `[ ${reels.join(' | ')} ]`;
      if (multiplier === 0)
        return ctx.reply(`${line} @${ctx.event.userName} lost ${amountText(bet.amount, name)}.`);
      const won = await pay(ctx.event.tenantId, bet.viewerId, bet.amount * multiplier, 'slots');
      ctx.reply(
        `${line} @${ctx.event.userName} wins ${amountText(bet.amount * multiplier, name)} (×${multiplier}), now ${won.balance}!`,
      );
    },
  };

  const duel: BuiltinCommand = {
    name: 'duel',
    minLevel: 'everyone',
    description: '`!duel @user amount`: they `!accept` or `!deny`; the winner takes both bets.',
    enabled: gameOn('duel'),
    async run(ctx, args) {
      const targetName = readUserName(args[0]);
      if (!targetName) return ctx.reply('Use !duel @user amount.', { as: 'reply' });
      const bet = await readBet(ctx, args[1], '!duel @user amount');
      if (!bet) return;
      const target = await findViewerByName(db, ctx.event.tenantId, targetName, ctx.event.platform);
      if (!target) return ctx.reply(`I have not seen ${targetName} in chat yet.`, { as: 'reply' });
      if (target.id === bet.viewerId) return ctx.reply('You cannot duel yourself.', { as: 'reply' });
      const key = `${ctx.event.tenantId}:${target.id}`;
      if (duels.has(key))
        return ctx.reply(`${target.displayName} already has a duel to answer.`, { as: 'reply' });
      const acceptS = ctx.settings.games.duel.acceptS;
      duels.set(key, {
        tenantId: ctx.event.tenantId,
        channelId: ctx.event.channelId,
        challengerId: bet.viewerId,
        challengerName: ctx.event.userName ?? 'someone',
        targetName: target.displayName,
        amount: bet.amount,
        expiresAt: clock.now() + acceptS * 1_000,
      });
      coolDown(ctx, bet.viewerId);
      ctx.reply(
        `@${target.displayName}, ${ctx.event.userName} challenges you to a duel for ${amountText(bet.amount, currencyName(ctx))}! Type !accept or !deny within ${acceptS} s.`,
      );
    },
  };

  async function pendingDuel(ctx: BotEvent) {
    const viewerId = await ctx.viewerId();
    if (!viewerId) return null;
    const key = `${ctx.event.tenantId}:${viewerId}`;
    const found = duels.get(key);
    if (!found || found.expiresAt <= clock.now()) {
      duels.delete(key);
      ctx.reply('Nobody challenged you to a duel.', { as: 'reply' });
      return null;
    }
    duels.delete(key);
    return { viewerId, duel: found };
  }

  const accept: BuiltinCommand = {
    name: 'accept',
    minLevel: 'everyone',
    description: 'Accepts the duel you were challenged to.',
    enabled: gameOn('duel'),
    async run(ctx) {
      const pending = await pendingDuel(ctx);
      if (!pending) return;
      const { viewerId, duel: d } = pending;
      const name = currencyName(ctx);
      // Both stakes and the payout in one transaction: either the duel happens whole or not at all.
      const outcome = await db
        .transaction(async (tx) => {
          const t = tx as unknown as AnyDb;
          await lockViewers(t, d.tenantId, [viewerId, d.challengerId]);
          const mine = await changeBalance(t, {
            tenantId: d.tenantId,
            viewerId,
            delta: -d.amount,
            reason: 'game',
            ref: 'duel',
          });
          if (!mine.ok)
            throw new Declined(`@${ctx.event.userName}, you only have ${amountText(mine.balance, name)}.`);
          const theirs = await changeBalance(t, {
            tenantId: d.tenantId,
            viewerId: d.challengerId,
            delta: -d.amount,
            reason: 'game',
            ref: 'duel',
          });
          if (!theirs.ok)
            throw new Declined(
              `${d.challengerName} no longer has ${amountText(d.amount, name)}; the duel is off.`,
            );
          const winner = coinFlip() === 0 ? viewerId : d.challengerId;
          await changeBalance(t, {
            tenantId: d.tenantId,
            viewerId: winner,
            delta: d.amount * 2,
            reason: 'game',
            ref: 'duel',
          });
          return winner === viewerId ? (ctx.event.userName ?? d.targetName) : d.challengerName;
        })
        .catch((error) => {
          if (error instanceof Declined) {
            ctx.reply(error.message);
            return null;
          }
          throw error;
        });
      if (outcome) ctx.reply(`${outcome} wins the duel and ${amountText(d.amount * 2, name)}!`);
    },
  };

  const deny: BuiltinCommand = {
    name: 'deny',
    minLevel: 'everyone',
    description: 'Turns down the duel you were challenged to.',
    enabled: gameOn('duel'),
    async run(ctx) {
      const pending = await pendingDuel(ctx);
      if (pending) ctx.reply(`${ctx.event.userName} turned down ${pending.duel.challengerName}'s duel.`);
    },
  };

  const heist: BuiltinCommand = {
    name: 'heist',
    minLevel: 'everyone',
    description: '`!heist amount` starts or joins a heist; the crew leaves after the gathering time.',
    enabled: gameOn('heist'),
    async run(ctx, args) {
      const bet = await readBet(ctx, args[0], '!heist amount');
      if (!bet) return;
      const current = heists.get(ctx.event.channelId);
      if (current?.crew.some((m) => m.viewerId === bet.viewerId))
        return ctx.reply('You are already in the crew.', { as: 'reply' });
      if ((await stake(ctx, bet.viewerId, bet.amount, 'heist')) === null) return;
      coolDown(ctx, bet.viewerId);
      const member = { viewerId: bet.viewerId, name: ctx.event.userName ?? 'someone', bet: bet.amount };
      if (current) {
        current.crew.push(member);
        return ctx.reply(`${member.name} joins the heist (${current.crew.length} in the crew).`);
      }
      const { joinS, minPlayers } = ctx.settings.games.heist;
      heists.set(ctx.event.channelId, {
        tenantId: ctx.event.tenantId,
        channelId: ctx.event.channelId,
        endsAt: clock.now() + joinS * 1_000,
        minPlayers,
        currency: currencyName(ctx),
        crew: [member],
      });
      ctx.reply(
        `${member.name} is planning a heist! Type !heist amount within ${joinS} s to join (${minPlayers} needed).`,
      );
    },
  };

  async function runHeist(h: Heist) {
    if (h.crew.length < h.minPlayers) {
      for (const m of h.crew) await pay(h.tenantId, m.viewerId, m.bet, 'heist', 'refund');
      deps.send(
        h.channelId,
        `The heist is off: not enough crew (${h.crew.length}/${h.minPlayers}). Bets refunded.`,
      );
      return;
    }
    const survival = heistSurvival(h.crew.length);
    const survivors: string[] = [];
    for (const m of h.crew) {
      if (chance() >= survival) continue;
      const payout = heistPayout(m.bet);
      await pay(h.tenantId, m.viewerId, payout, 'heist');
      survivors.push(`${m.name} (${payout.toLocaleString('en-US')})`);
    }
    deps.send(
      h.channelId,
      survivors.length === 0
        ? `The heist failed: the whole crew of ${h.crew.length} was caught.`
        : `Heist done! Got away with ${h.currency}: ${survivors.join(', ')}; ${h.crew.length - survivors.length} caught.`,
    );
  }

  return {
    name: 'games',
    commands: [duel, accept, deny, roulette, slots, heist],
    async tick(now) {
      for (const [key, d] of duels) {
        if (d.expiresAt > now) continue;
        duels.delete(key);
        deps.send(d.channelId, `${d.targetName} did not answer ${d.challengerName}'s duel in time.`);
      }
      for (const [channelId, h] of heists) {
        if (h.endsAt > now) continue;
        heists.delete(channelId);
        await runHeist(h).catch((error) => deps.log.warn('a heist failed', { channelId, err: error }));
      }
      for (const [key, until] of cooldowns) if (until <= now) cooldowns.delete(key);
    },
    async stop() {
      for (const h of heists.values())
        for (const m of h.crew) await pay(h.tenantId, m.viewerId, m.bet, 'heist', 'refund').catch(() => {});
      heists.clear();
    },
  };
};
