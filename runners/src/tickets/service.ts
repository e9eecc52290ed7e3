/**
 * The tickets runner: every minute it closes tickets idle past their guild's limit and escalates
 * SLA breaches; its 'transcript' jobs (queued when a ticket closes) store the transcript, post the
 * link, send the exit survey and remove the ticket's channel or thread.
 */
import { createDiscordRest, type DiscordRest } from '@homelab/db/discord/rest';
import { Cron } from 'croner';
import type { Runner, RunnerContext, RunnerHandle } from '../runner';
import { autoCloseIdleTickets } from './auto-close';
import { escalateBreaches } from './escalation';
import { runTranscriptJob } from './transcript-job';

export type TicketsRunnerOptions = {
  /** Cron expression of the sweeps, every minute by default; false: only when sweep() is called. */
  schedule?: string | false;
  /** The clock the sweeps judge by (tests fix it). */
  now?: () => Date;
  /** Replaces the client built from the configuration (tests pass one with short retry waits). */
  rest?: DiscordRest;
};

export type TicketsRunnerHandle = RunnerHandle & {
  /** One auto-close and escalation pass, as the schedule runs it. */
  sweep(): Promise<{ autoClosed: number; escalated: number }>;
};

export function createTicketsRunner(options: TicketsRunnerOptions = {}): Runner {
  return { name: 'tickets', start: (ctx) => startTickets(ctx, options) };
}

export async function startTickets(
  ctx: RunnerContext,
  options: TicketsRunnerOptions = {},
): Promise<TicketsRunnerHandle> {
  const now = options.now ?? (() => new Date());
  const token = ctx.config.discord?.botToken;
  const rest =
    options.rest ??
    (token
      ? createDiscordRest({ token, baseUrl: ctx.config.discord?.baseUrl ?? 'https://discord.com' })
      : null);
  const sql = ctx.pool.sql;
  const totals = { autoClosed: 0, escalated: 0 };
  let lastSweepAt: string | null = null;
  if (!rest)
    ctx.log.warn(
      'no DISCORD_BOT_TOKEN: tickets still auto-close; transcripts and escalations wait for a token',
    );

  async function sweep() {
    const at = now();
    const closed = await autoCloseIdleTickets(sql, at);
    const escalated = rest ? await escalateBreaches(sql, rest, at, ctx.log) : [];
    totals.autoClosed += closed.length;
    totals.escalated += escalated.length;
    lastSweepAt = at.toISOString();
    if (closed.length > 0 || escalated.length > 0)
      ctx.log.info('ticket sweep', { autoClosed: closed.length, escalated: escalated.length });
    return { autoClosed: closed.length, escalated: escalated.length };
  }

  const cron =
    options.schedule === false
      ? null
      : new Cron(options.schedule ?? '* * * * *', { protect: true, unref: true }, async () => {
          try {
            await sweep();
          } catch (error) {
            ctx.log.warn('ticket sweep failed; next one in a minute', { err: error });
          }
        });

  return {
    jobs: {
      transcript: (payload, job) =>
        runTranscriptJob({ sql, rest, publicOrigin: ctx.config.publicOrigin, log: job.log }, payload, job),
    },
    detail: () => ({
      configured: rest !== null,
      lastSweepAt,
      autoClosed: totals.autoClosed,
      escalated: totals.escalated,
      ...(rest
        ? {}
        : {
            note: 'DISCORD_BOT_TOKEN is unset: idle tickets still close, but transcript jobs fail and retry until a token is set, and SLA escalations wait.',
          }),
    }),
    sweep,
    stop() {
      cron?.stop();
    },
  };
}
