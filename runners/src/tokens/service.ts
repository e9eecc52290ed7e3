/**
 * The tokens runner: every 30 minutes it refreshes the linked accounts' tokens that expire within
 * 24 hours, every hour (and at start) it validates the Twitch tokens as Twitch requires, and it
 * takes the admin's forced refresh as a job ('refresh' {accountId}). At start, every 30 minutes and
 * as job 'eventsub' (after a streamer links Twitch) it makes sure the Twitch EventSub subscriptions exist.
 */
import { Cron } from 'croner';
import { z } from 'zod';
import { RetryJobError } from '../jobs/policy';
import type { Runner, RunnerContext, RunnerHandle } from '../runner';
import { type EventSubPass, ensureTwitchSubscriptions, eventsubSetup } from './eventsub';
import { tokenClients } from './providers';
import {
  countOutcome,
  logOutcome,
  type RefreshDeps,
  type RefreshPass,
  type RefreshRetry,
  refreshAccount,
  refreshDueAccounts,
} from './refresh';
import { validateTwitchTokens } from './twitch-validate';

export type TokensRunnerOptions = {
  /** Cron expression of the refresh pass; every 30 minutes by default. */
  refreshSchedule?: string;
  /** Cron expression of the EventSub subscription check; every 30 minutes by default. */
  eventsubSchedule?: string;
  /** Cron expression of the Twitch validation; hourly by default (off the refresh's minutes). */
  validateSchedule?: string;
  /** Run a refresh pass and the Twitch validation as soon as the runner starts (default true). */
  runAtStart?: boolean;
  fetch?: typeof fetch;
  /** The wait between retries (tests record it instead of waiting). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<unknown>;
  retry?: RefreshRetry;
  requestTimeoutMs?: number;
  /** Tokens expiring within this window are refreshed; 24 hours by default. */
  windowMs?: number;
};

const refreshPayload = z.object({ accountId: z.uuid() });

/** The runner's answer when a forced refresh keeps failing on the platform's side. */
const forcedRetryMs = 5 * 60_000;

export function createTokensRunner(options: TokensRunnerOptions = {}): Runner {
  return { name: 'tokens', start: (ctx) => startTokens(ctx, options) };
}

async function startTokens(ctx: RunnerContext, options: TokensRunnerOptions): Promise<RunnerHandle> {
  const clients = tokenClients(ctx.config);
  const configured = [...clients.clients.keys()];
  const key = ctx.config.encryptionKey;
  const totals: RefreshPass = { refreshed: 0, failed: 0, disconnected: 0, busy: 0 };
  const validation = { lastRunAt: null as string | null, valid: 0, refreshed: 0, disconnected: 0, failed: 0 };
  let lastRunAt: string | null = null;
  const setup = eventsubSetup(ctx.config);
  const eventsub = {
    lastRunAt: null as string | null,
    last: null as EventSubPass | null,
    skipped: 'reason' in setup ? setup.reason : null,
  };

  const base = {
    detail: () => ({
      providers: configured,
      notConfigured: clients.notConfigured,
      ...(key ? {} : { idle: 'ENCRYPTION_KEY is not set: linked tokens cannot be opened or refreshed.' }),
      eventsub,
    }),
  };
  if (!key) {
    ctx.log.warn('ENCRYPTION_KEY is not set; the tokens runner idles');
    return {
      jobs: {
        refresh: () => {
          throw new Error('ENCRYPTION_KEY is not set: linked tokens cannot be opened or refreshed.');
        },
      },
      detail: () => ({ lastRunAt, ...totals, ...base.detail() }),
      stop() {},
    };
  }
  for (const reason of Object.values(clients.notConfigured)) ctx.log.info(reason);
  if (eventsub.skipped) ctx.log.info(eventsub.skipped);

  const deps: RefreshDeps = {
    db: ctx.pool.db,
    log: ctx.log,
    clients,
    encryptionKey: key,
    fetch: options.fetch,
    sleep: options.sleep,
    retry: options.retry,
    requestTimeoutMs: options.requestTimeoutMs,
    windowMs: options.windowMs,
    signal: ctx.signal,
  };
  const twitchAuthBaseUrl = clients.clients.has('twitch') ? ctx.config.twitch?.authBaseUrl : undefined;

  // One pass of each kind at a time in this process: a slow pass is not overlapped by the next tick.
  const singleFlight = <T>(run: () => Promise<T>) => {
    let current: Promise<T> | null = null;
    return () => {
      current ??= run().finally(() => {
        current = null;
      });
      return current;
    };
  };

  const refreshPass = singleFlight(async () => {
    const pass = await refreshDueAccounts(deps);
    lastRunAt = new Date().toISOString();
    totals.refreshed += pass.refreshed;
    totals.failed += pass.failed;
    totals.disconnected += pass.disconnected;
    totals.busy += pass.busy;
    return pass;
  });

  const validatePass = singleFlight(async () => {
    if (!twitchAuthBaseUrl) return null;
    const pass = await validateTwitchTokens(deps, twitchAuthBaseUrl);
    validation.lastRunAt = new Date().toISOString();
    validation.valid = pass.valid;
    validation.refreshed += pass.refreshed;
    validation.disconnected += pass.disconnected;
    validation.failed += pass.failed;
    totals.disconnected += pass.disconnected;
    return pass;
  });

  const eventsubPass = singleFlight(async () => {
    const pass = await ensureTwitchSubscriptions({
      db: ctx.pool.db,
      log: ctx.log,
      config: ctx.config,
      fetch: options.fetch,
      requestTimeoutMs: options.requestTimeoutMs,
      signal: ctx.signal,
    });
    eventsub.lastRunAt = new Date().toISOString();
    eventsub.last = pass;
    return pass;
  });

  const guarded = (what: string, run: () => Promise<unknown>) => async () => {
    try {
      await run();
    } catch (error) {
      if (!ctx.signal.aborted) ctx.log.warn(`${what} failed; tried again at the next tick`, { err: error });
    }
  };
  const refreshTick = guarded('token refresh pass', refreshPass);
  const validateTick = guarded('twitch token validation', validatePass);
  const eventsubTick = guarded('twitch eventsub subscription check', eventsubPass);

  const refreshCron = new Cron(
    options.refreshSchedule ?? '*/30 * * * *',
    { protect: true, unref: true },
    refreshTick,
  );
  const validateCron = new Cron(
    options.validateSchedule ?? '15 * * * *',
    { protect: true, unref: true },
    validateTick,
  );
  const eventsubCron = new Cron(
    options.eventsubSchedule ?? '5,35 * * * *',
    { protect: true, unref: true },
    eventsubTick,
  );
  if (options.runAtStart ?? true) {
    void (async () => {
      await validateTick();
      await refreshTick();
      await eventsubTick();
    })();
  }

  return {
    jobs: {
      /** The admin's forced refresh: now, whatever the expiry. */
      refresh: async (payload, job) => {
        const { accountId } = refreshPayload.parse(payload);
        const outcome = await refreshAccount({ ...deps, signal: job.signal }, accountId, { force: true });
        countOutcome(totals, outcome);
        const [row] = await ctx.pool.sql<{ provider: string }[]>`
          select provider from oauth_accounts where id = ${accountId}`;
        logOutcome(job.log, accountId, row?.provider ?? 'unknown', outcome);
        if (outcome.status === 'failed') throw new RetryJobError(outcome.error, forcedRetryMs);
        if (outcome.status === 'refreshed') return { status: 'refreshed', expiresAt: outcome.expiresAt };
        if (outcome.status === 'revoked') return { status: 'revoked', error: outcome.error };
        if (outcome.status === 'busy')
          return { status: 'busy', reason: 'another runner process is refreshing this account right now' };
        return outcome;
      },
      /** A streamer linked Twitch: subscribe their channel now rather than at the next tick. */
      eventsub: () => eventsubPass(),
    },
    detail: () => ({
      lastRunAt,
      ...totals,
      twitchValidation: twitchAuthBaseUrl ? validation : null,
      ...base.detail(),
    }),
    stop() {
      refreshCron.stop();
      validateCron.stop();
      eventsubCron.stop();
    },
  };
}
