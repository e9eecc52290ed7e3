/**
 * Chat polls and bets. Moderators open a poll with `!poll "Question" a | b | c` (viewers vote with
 * `!vote N` or just `N`, and may change their vote) and close it with `!poll close`; bets run with
 * `!bet open "Question" a | b`, `!bet N amount` (one stake per viewer, taken from the balance),
 * `!bet close`, `!bet resolve N` and `!bet cancel` (refunds). Native platform polls are not created.
 */
import type { AnyDb } from '@homelab/db/stream/currency';
import {
  cancelPoll,
  closePoll,
  createPoll,
  describeTallies,
  optionIndex,
  type Poll,
  type PollKind,
  placeBet,
  resolveBet,
  runningPoll,
  vote,
} from '@homelab/db/stream/polls';
import type { BotDeps, BotEvent, Feature, FeatureFactory } from '../bot/types';
import { announce, parseQuestion, tenantCache } from './announce';

const stateTtlMs = 5_000;

const numbered = (options: string[]) => options.map((o, i) => `${i + 1}. ${o}`).join(', ');

export const pollsFeature: FeatureFactory = (deps: BotDeps): Feature => {
  const db = deps.pool.db as unknown as AnyDb;
  const polls = tenantCache<Poll | null>(deps, stateTtlMs, (tenantId) => runningPoll(db, tenantId, 'poll'));
  const say = (tenantId: string, text: string) => announce(deps, tenantId, text);

  async function castVote(ctx: BotEvent, poll: Poll, text: string) {
    const option = optionIndex(text, poll.options.length);
    if (option === null) return false;
    const viewerId = await ctx.viewerId();
    if (!viewerId) return false;
    const result = await vote(db, { tenantId: ctx.event.tenantId, pollId: poll.id, viewerId, option });
    if (!result.ok && result.reason === 'not_open') polls.drop(ctx.event.tenantId);
    return result.ok;
  }

  async function open(ctx: BotEvent, kind: PollKind, text: string) {
    const tenantId = ctx.event.tenantId;
    const parsed = parseQuestion(text);
    const usage =
      kind === 'poll' ? '!poll "Question" option 1 | option 2' : '!bet open "Question" option 1 | option 2';
    if (!parsed) {
      ctx.reply(`Usage: ${usage} (2 to 10 options)`);
      return;
    }
    const made = await createPoll(db, { tenantId, kind, ...parsed });
    polls.drop(tenantId);
    if (!made.ok) {
      ctx.reply(`"${made.poll.question}" is still running: close it first.`);
      return;
    }
    const how = kind === 'poll' ? 'Vote with !vote N or just N' : `Bet with !bet N amount`;
    await say(
      tenantId,
      `${kind === 'poll' ? 'Poll' : 'Bet'}: ${parsed.question} ${how}: ${numbered(parsed.options)}`,
    );
  }

  async function finish(ctx: BotEvent, kind: PollKind, action: 'close' | 'cancel') {
    const tenantId = ctx.event.tenantId;
    const running = await runningPoll(db, tenantId, kind);
    polls.drop(tenantId);
    if (!running) {
      ctx.reply(`No ${kind} is running.`);
      return;
    }
    if (action === 'cancel') {
      const cancelled = await cancelPoll(db, tenantId, running.id);
      if (cancelled.ok)
        await say(
          tenantId,
          `"${running.question}" was cancelled${cancelled.refunds.length > 0 ? `; ${cancelled.refunds.length} stakes refunded` : ''}.`,
        );
      return;
    }
    const closed = await closePoll(db, tenantId, running.id);
    if (!closed.ok) {
      ctx.reply(`"${running.question}" is already closed.`);
      return;
    }
    const prefix = kind === 'poll' ? 'Poll closed' : 'Bets are closed';
    await say(tenantId, `${prefix}: ${describeTallies(closed.poll, closed.tallies)}`);
  }

  async function resolve(ctx: BotEvent, word: string | undefined) {
    const tenantId = ctx.event.tenantId;
    const running = await runningPoll(db, tenantId, 'bet');
    if (!running) {
      ctx.reply('No bet is running.');
      return;
    }
    const option = optionIndex(word ?? '', running.options.length);
    if (option === null) {
      ctx.reply(`Usage: !bet resolve N (1 to ${running.options.length})`);
      return;
    }
    const resolved = await resolveBet(db, tenantId, running.id, option);
    if (!resolved.ok) return;
    const label = running.options[option];
    const currency = ctx.settings.currency.name;
    await say(
      tenantId,
      resolved.refunded
        ? `"${label}" won; nobody bet on it, so every stake was refunded.`
        : `"${label}" won! ${resolved.payouts.length} winners share ${resolved.pot} ${currency}.`,
    );
  }

  async function bet(ctx: BotEvent, args: string[]) {
    const [sub = '', ...rest] = args;
    const modLevel = ctx.settings.builtins.modLevel;
    const action = sub.toLowerCase();
    if (['open', 'close', 'resolve', 'cancel'].includes(action)) {
      if (!(await ctx.allows(modLevel))) return;
      if (action === 'open') return open(ctx, 'bet', rest.join(' '));
      if (action === 'resolve') return resolve(ctx, rest[0]);
      return finish(ctx, 'bet', action as 'close' | 'cancel');
    }
    const running = await runningPoll(db, ctx.event.tenantId, 'bet');
    if (running?.state !== 'open') {
      ctx.reply('No bet is open.', { as: 'reply' });
      return;
    }
    const option = optionIndex(sub, running.options.length);
    const amount = Number(rest[0]);
    if (option === null || !Number.isSafeInteger(amount) || amount <= 0) {
      ctx.reply(`Usage: !bet N amount — ${numbered(running.options)}`, { as: 'reply' });
      return;
    }
    const viewerId = await ctx.viewerId();
    if (!viewerId) return;
    const placed = await placeBet(db, {
      tenantId: ctx.event.tenantId,
      pollId: running.id,
      viewerId,
      option,
      amount,
    });
    const currency = ctx.settings.currency.name;
    if (placed.ok)
      ctx.reply(`you bet ${amount} ${currency} on "${running.options[option]}".`, { as: 'reply' });
    else if (placed.reason === 'balance')
      ctx.reply(`you have only ${placed.balance ?? 0} ${currency}.`, { as: 'reply' });
    else if (placed.reason === 'already_bet') ctx.reply('you already placed your bet.', { as: 'reply' });
  }

  return {
    name: 'polls',
    commands: [
      {
        name: 'poll',
        minLevel: (settings) => settings.builtins.modLevel,
        description: 'Runs a poll: !poll "Question" a | b, !poll close, !poll cancel',
        async run(ctx, args) {
          const action = (args[0] ?? '').toLowerCase();
          if (action === 'close' || action === 'cancel') return finish(ctx, 'poll', action);
          return open(ctx, 'poll', args.join(' '));
        },
      },
      {
        name: 'vote',
        minLevel: 'everyone',
        description: 'Votes in the open poll: !vote N',
        async run(ctx, args) {
          const poll = await polls.get(ctx.event.tenantId);
          if (!poll) return;
          if (!(await castVote(ctx, poll, args[0] ?? '')))
            ctx.reply(`Vote with !vote 1 to ${poll.options.length}.`, { as: 'reply' });
        },
      },
      {
        name: 'bet',
        minLevel: 'everyone',
        description: 'Bets: !bet N amount; moderators: open "Q" a | b, close, resolve N, cancel',
        run: bet,
      },
    ],
    async onEvent(ctx) {
      const { event } = ctx;
      if (event.kind !== 'message' || !event.userId || !event.text || !/^\s*\d{1,2}\s*$/.test(event.text))
        return;
      const poll = await polls.get(event.tenantId);
      if (poll && (await castVote(ctx, poll, event.text))) ctx.handled = true;
    },
    invalidate: (tenantId) => polls.drop(tenantId),
  };
};
