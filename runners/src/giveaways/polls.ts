/**
 * Chat polls and bets. Moderators open a poll with `!poll "Question" a | b | c` (viewers vote with
 * `!vote N` or just `N`, and may change their vote) and close it with `!poll close`; bets run with
 * `!bet open "Question" a | b`, `!bet N amount` (one stake per viewer, taken from the balance),
 * `!bet close`, `!bet resolve N` and `!bet cancel` (refunds).
 *
 * A poll that fits Twitch's limits (a title of 60 characters, 2 to 5 choices of 25) also runs as a
 * native Twitch poll when the broadcaster granted channel:manage:polls; only the process holding
 * the tenant's Twitch channel talks to Twitch. It starts the native poll when a poll opens in chat
 * here or (on NOTIFY 'bot' {kind: 'config'}) from the studio or another process, and ends it when
 * the poll closes: the closing tallies are chat's votes plus Twitch's, and it announces them when the
 * poll was closed elsewhere. Twitch failing never stops the chat poll.
 */
import type { AnyDb } from '@homelab/db/stream/currency';
import {
  cancelPoll,
  claimNativeEnd,
  closePoll,
  createPoll,
  describeTallies,
  optionIndex,
  type Poll,
  type PollKind,
  placeBet,
  resolveBet,
  runningPoll,
  setPollNative,
  talliesOf,
  unendedNativePolls,
  vote,
} from '@homelab/db/stream/polls';
import type { BotDeps, BotEvent, Feature, FeatureFactory } from '../bot/types';
import type { NativePollInput } from '../chat/types';
import { announce, parseQuestion, tenantCache } from './announce';

const stateTtlMs = 5_000;

const numbered = (options: string[]) => options.map((o, i) => `${i + 1}. ${o}`).join(', ');

/** Twitch's limits on a poll (characters, not UTF-16 units). */
const twitchPoll = { title: 60, minChoices: 2, maxChoices: 5, choice: 25, minSeconds: 15, maxSeconds: 1800 };
const chars = (text: string) => [...text].length;

/** The poll as a native Twitch poll, or null when it does not fit Twitch's limits. */
export function twitchPollInput(poll: Poll, now = Date.now()): NativePollInput | null {
  if (poll.kind !== 'poll') return null;
  if (chars(poll.question) > twitchPoll.title) return null;
  if (poll.options.length < twitchPoll.minChoices || poll.options.length > twitchPoll.maxChoices) return null;
  if (poll.options.some((o) => chars(o) > twitchPoll.choice)) return null;
  // Twitch ends a poll after its duration; without a closing time it runs as long as Twitch allows.
  const seconds = poll.closesAt
    ? Math.round((Date.parse(poll.closesAt) - now) / 1000)
    : twitchPoll.maxSeconds;
  return {
    title: poll.question,
    choices: poll.options,
    durationSeconds: Math.min(twitchPoll.maxSeconds, Math.max(twitchPoll.minSeconds, seconds)),
  };
}

export const pollsFeature: FeatureFactory = (deps: BotDeps): Feature => {
  const db = deps.pool.db as unknown as AnyDb;
  const polls = tenantCache<Poll | null>(deps, stateTtlMs, (tenantId) => runningPoll(db, tenantId, 'poll'));
  const say = (tenantId: string, text: string) => announce(deps, tenantId, text);
  const closedText = async (poll: Poll) => `Poll closed: ${describeTallies(poll, await talliesOf(db, poll))}`;

  /** The tenant's Twitch channel when this process holds it (only that process talks to Twitch). */
  const twitchOf = (tenantId: string) =>
    deps.channels().find((c) => c.tenantId === tenantId && c.platform === 'twitch');

  /** Tells the other processes (the one holding the tenant's Twitch channel) to look at the polls. */
  const wakeOthers = (tenantId: string) =>
    deps.pool.sql`select pg_notify('bot', ${JSON.stringify({ tenantId, kind: 'config' })})`;

  const reconcileEveryMs = 60_000;
  let lastReconcile = 0;

  // Native work for a tenant runs one piece at a time, so a poll is never started or ended twice here.
  const nativeChains = new Map<string, Promise<unknown>>();
  function serial<T>(tenantId: string, work: () => Promise<T>): Promise<T> {
    const next = (nativeChains.get(tenantId) ?? Promise.resolve()).catch(() => {}).then(work);
    nativeChains.set(tenantId, next);
    void next
      .catch(() => {})
      .finally(() => {
        if (nativeChains.get(tenantId) === next) nativeChains.delete(tenantId);
      });
    return next;
  }

  async function startNative(poll: Poll) {
    const channel = twitchOf(poll.tenantId);
    if (!channel || poll.native.twitch || !deps.platform.startPoll) return;
    const input = twitchPollInput(poll);
    if (!input) {
      deps.log.debug('the poll does not fit a native twitch poll; it runs in chat only', { pollId: poll.id });
      return;
    }
    const id = await deps.platform.startPoll(channel, input).catch((error: unknown) => {
      deps.log.warn('a native twitch poll could not be started', { pollId: poll.id, err: error });
      return null;
    });
    if (id) await setPollNative(db, poll.tenantId, poll.id, { twitch: id });
  }

  /**
   * Ends the native poll of a closed or cancelled poll and keeps its votes; the poll as it is then,
   * or null when it has no native poll left to end (none, or ended already).
   */
  async function endNative(tenantId: string, pollId: string): Promise<Poll | null> {
    const channel = twitchOf(tenantId);
    if (!channel || !deps.platform.endPoll) return null;
    const claimed = await claimNativeEnd(db, tenantId, pollId);
    if (!claimed?.native.twitch) return null;
    const cancelled = claimed.state === 'cancelled';
    const votes = await deps.platform
      .endPoll(channel, claimed.native.twitch, cancelled ? 'ARCHIVED' : 'TERMINATED')
      .catch((error: unknown) => {
        deps.log.warn('a native twitch poll could not be ended', { pollId, err: error });
        return null;
      });
    if (!votes || cancelled) return claimed;
    const stored = await setPollNative(db, tenantId, pollId, {
      twitchVotes: claimed.options.map((_, i) => votes[i] ?? 0),
    });
    return stored ?? claimed;
  }

  /** What the studio or another process changed: start or end native polls for it (Twitch holder only). */
  function reconcile(tenantId: string) {
    if (!twitchOf(tenantId)) return;
    serial(tenantId, async () => {
      const open = await runningPoll(db, tenantId, 'poll');
      if (open && !open.native.twitch) await startNative(open);
      for (const poll of await unendedNativePolls(db, tenantId)) {
        const ended = await endNative(tenantId, poll.id);
        // Closed elsewhere, the tallies waited for Twitch's votes; a cancel was announced already.
        if (ended?.state === 'closed') await say(tenantId, await closedText(ended));
      }
    }).catch((error: unknown) =>
      deps.log.warn('native twitch polls were not brought up to date', { err: error }),
    );
  }

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
    if (kind !== 'poll') return;
    if (twitchOf(tenantId)) await serial(tenantId, () => startNative(made.poll));
    else await wakeOthers(tenantId);
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
      if (cancelled.ok && kind === 'poll') {
        if (twitchOf(tenantId)) await serial(tenantId, () => endNative(tenantId, running.id));
        else if (cancelled.poll.native.twitch) await wakeOthers(tenantId);
      }
      return;
    }
    const closed = await closePoll(db, tenantId, running.id);
    if (!closed.ok) {
      ctx.reply(`"${running.question}" is already closed.`);
      return;
    }
    if (kind === 'bet') {
      await say(tenantId, `Bets are closed: ${describeTallies(closed.poll, closed.tallies)}`);
      return;
    }
    if (twitchOf(tenantId)) {
      const ended = await serial(tenantId, () => endNative(tenantId, running.id));
      await say(
        tenantId,
        ended ? await closedText(ended) : `Poll closed: ${describeTallies(closed.poll, closed.tallies)}`,
      );
    } else if (closed.poll.native.twitch) {
      // The process holding the Twitch channel ends the native poll and announces the tallies with its votes.
      await wakeOthers(tenantId);
    } else await say(tenantId, `Poll closed: ${describeTallies(closed.poll, closed.tallies)}`);
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
    invalidate(tenantId) {
      polls.drop(tenantId);
      reconcile(tenantId);
    },
    // A process that takes a Twitch channel over from another finds its native polls within a minute.
    async tick(now) {
      if (now - lastReconcile < reconcileEveryMs) return;
      lastReconcile = now;
      for (const tenantId of new Set(
        deps
          .channels()
          .filter((c) => c.platform === 'twitch')
          .map((c) => c.tenantId),
      ))
        reconcile(tenantId);
    },
  };
};
