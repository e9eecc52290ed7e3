/**
 * Refreshes linked accounts' access tokens before they expire. Each account is refreshed inside a
 * transaction holding its row (FOR UPDATE SKIP LOCKED), so two runner processes never spend the
 * same refresh token twice: the second skips the row while it is locked, and once the first has
 * committed the row is no longer due.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { Pool } from '@homelab/db/client/pool';
import { decryptSecret, encryptSecret } from '@homelab/db/crypto';
import { oauthAccounts } from '@homelab/db/schema';
import { and, asc, eq, inArray, isNotNull, lt, type SQL } from 'drizzle-orm';
import { type BackoffOptions, backoffDelay } from '../backoff';
import type { Logger } from '../log';
import { disconnectAccount, recordRefreshFailure } from './disconnect';
import type { TokenClient, TokenClients, TokenProvider } from './providers';

export type RefreshRetry = BackoffOptions & {
  /** Tries after the first one, on network errors, 5xx and 429. */
  retries: number;
};

/** Five retries waiting 1, 2, 4, 8 and 16 s. */
export const defaultRefreshRetry: RefreshRetry = { retries: 5, baseMs: 1_000, maxMs: 16_000 };

/** Tokens expiring within this window (or already expired) are refreshed. */
export const defaultRefreshWindowMs = 24 * 60 * 60_000;

export type RefreshDeps = {
  db: Pool['db'];
  log: Logger;
  clients: TokenClients;
  encryptionKey: string;
  fetch?: typeof fetch;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<unknown>;
  retry?: RefreshRetry;
  requestTimeoutMs?: number;
  windowMs?: number;
  signal?: AbortSignal;
};

export type RefreshOutcome =
  | { status: 'refreshed'; expiresAt: Date | null; accessToken: string }
  /** Not due, gone, or no longer connected. */
  | { status: 'skipped'; reason: string }
  /** Another process holds the row: it is refreshing this account right now. */
  | { status: 'busy' }
  | { status: 'not_configured'; reason: string }
  /** The platform refused the refresh token: the account is now disconnected. */
  | { status: 'revoked'; error: string }
  | { status: 'failed'; error: string };

type TokenAnswer =
  | { kind: 'ok'; accessToken: string; refreshToken?: string; expiresIn?: number }
  | { kind: 'revoked'; error: string }
  | { kind: 'transient'; error: string }
  /** Our side is wrong (client credentials) or the answer is unusable: not the streamer's fault. */
  | { kind: 'failed'; error: string };

type Account = typeof oauthAccounts.$inferSelect & { provider: TokenProvider };

function describe(body: unknown, status: number): string {
  if (body && typeof body === 'object') {
    const b = body as Record<string, unknown>;
    const parts = [b.error, b.error_description ?? b.message].filter((p) => typeof p === 'string' && p);
    if (parts.length > 0) return `${status} ${parts.join(': ')}`;
  }
  return `HTTP ${status}`;
}

function isClientProblem(body: unknown): boolean {
  if (!body || typeof body !== 'object') return false;
  const b = body as Record<string, unknown>;
  if (b.error === 'invalid_client' || b.error === 'unauthorized_client') return true;
  // Twitch answers a wrong client id or secret with 400/403 and a message naming the client.
  return typeof b.message === 'string' && /invalid client/i.test(b.message);
}

async function requestToken(
  client: TokenClient,
  refreshToken: string,
  deps: RefreshDeps,
): Promise<TokenAnswer> {
  const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken });
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    accept: 'application/json',
  };
  if (client.clientAuth === 'basic') {
    headers.authorization = `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}`;
  } else {
    form.set('client_id', client.clientId);
    form.set('client_secret', client.clientSecret);
  }
  const timeout = AbortSignal.timeout(deps.requestTimeoutMs ?? 10_000);
  let response: Response;
  try {
    response = await (deps.fetch ?? fetch)(client.tokenUrl, {
      method: 'POST',
      headers,
      body: form,
      signal: deps.signal ? AbortSignal.any([deps.signal, timeout]) : timeout,
    });
  } catch (error) {
    if (deps.signal?.aborted) throw error;
    return {
      kind: 'transient',
      error: `The token endpoint could not be reached: ${(error as Error).message}`,
    };
  }
  const text = await response.text().catch(() => '');
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (response.status === 429 || response.status >= 500)
    return { kind: 'transient', error: describe(body, response.status) };
  if (response.status === 400 || response.status === 401) {
    return isClientProblem(body)
      ? {
          kind: 'failed',
          error: `The platform refused the app's client credentials: ${describe(body, response.status)}`,
        }
      : {
          kind: 'revoked',
          error: `The platform refused the refresh token: ${describe(body, response.status)}`,
        };
  }
  if (!response.ok) return { kind: 'failed', error: describe(body, response.status) };
  const data = (body ?? {}) as Record<string, unknown>;
  if (typeof data.access_token !== 'string' || !data.access_token)
    return { kind: 'failed', error: 'The token endpoint answered without an access token.' };
  return {
    kind: 'ok',
    accessToken: data.access_token,
    refreshToken:
      typeof data.refresh_token === 'string' && data.refresh_token ? data.refresh_token : undefined,
    expiresIn: typeof data.expires_in === 'number' ? data.expires_in : undefined,
  };
}

/** The token request with its retry schedule; only network errors, 5xx and 429 are tried again. */
async function requestWithRetry(client: TokenClient, refreshToken: string, deps: RefreshDeps) {
  const retry = deps.retry ?? defaultRefreshRetry;
  const sleep = deps.sleep ?? ((ms: number, signal?: AbortSignal) => delay(ms, undefined, { signal }));
  for (let attempt = 1; ; attempt++) {
    const answer = await requestToken(client, refreshToken, deps);
    if (answer.kind !== 'transient' || attempt > retry.retries) return answer;
    const wait = backoffDelay(attempt, retry);
    deps.log.warn('token refresh failed; trying again', {
      provider: client.provider,
      attempt,
      retryInMs: wait,
      error: answer.error,
    });
    await sleep(wait, deps.signal);
  }
}

function dueBefore(deps: RefreshDeps) {
  return new Date(Date.now() + (deps.windowMs ?? defaultRefreshWindowMs));
}

/**
 * Refreshes one account. Without `force` it does so only while the account is due (expiring
 * within the window); the admin's forced refresh and Twitch's failed validation skip that check.
 */
export async function refreshAccount(
  deps: RefreshDeps,
  accountId: string,
  options: { force?: boolean } = {},
): Promise<RefreshOutcome> {
  const conditions: SQL[] = [eq(oauthAccounts.id, accountId), eq(oauthAccounts.state, 'connected')];
  if (!options.force) conditions.push(lt(oauthAccounts.tokenExpiresAt, dueBefore(deps)));
  return deps.db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(oauthAccounts)
      .where(and(...conditions))
      .for('update', { skipLocked: true })
      .limit(1);
    if (!row) {
      const [unlocked] = await tx
        .select({ id: oauthAccounts.id })
        .from(oauthAccounts)
        .where(and(...conditions))
        .limit(1);
      return unlocked ? { status: 'busy' } : { status: 'skipped', reason: 'not due, not connected or gone' };
    }
    const account = row as Account;
    const client = deps.clients.clients.get(account.provider);
    if (!client) {
      return {
        status: 'not_configured',
        reason:
          deps.clients.notConfigured[account.provider] ?? `${account.provider} tokens are not refreshed.`,
      };
    }
    if (!account.refreshToken) {
      const error = 'The account has no refresh token; its owner must sign in again.';
      await disconnectAccount(tx, account, error);
      return { status: 'revoked', error };
    }
    let refreshToken: string;
    try {
      refreshToken = await decryptSecret(account.refreshToken, deps.encryptionKey, account.id);
    } catch {
      const error = 'The stored token could not be decrypted.';
      await disconnectAccount(tx, account, error);
      return { status: 'revoked', error };
    }
    const answer = await requestWithRetry(client, refreshToken, deps);
    if (answer.kind === 'revoked') {
      await disconnectAccount(tx, account, answer.error);
      return { status: 'revoked', error: answer.error };
    }
    if (answer.kind !== 'ok') {
      await recordRefreshFailure(tx, account, answer.error, answer.kind === 'transient');
      return { status: 'failed', error: answer.error };
    }
    const expiresAt = answer.expiresIn === undefined ? null : new Date(Date.now() + answer.expiresIn * 1000);
    await tx
      .update(oauthAccounts)
      .set({
        accessToken: await encryptSecret(answer.accessToken, deps.encryptionKey, account.id),
        // Twitch, Kick and Discord rotate refresh tokens; Google and often Spotify keep the old one.
        refreshToken: answer.refreshToken
          ? await encryptSecret(answer.refreshToken, deps.encryptionKey, account.id)
          : account.refreshToken,
        tokenExpiresAt: expiresAt,
        lastError: null,
        updatedAt: new Date(),
      })
      .where(eq(oauthAccounts.id, account.id));
    return { status: 'refreshed', expiresAt, accessToken: answer.accessToken };
  });
}

export type RefreshPass = { refreshed: number; failed: number; disconnected: number; busy: number };

/** One pass over every connected account of a configured platform that is due. */
export async function refreshDueAccounts(deps: RefreshDeps): Promise<RefreshPass> {
  const pass: RefreshPass = { refreshed: 0, failed: 0, disconnected: 0, busy: 0 };
  const providers = [...deps.clients.clients.keys()];
  if (providers.length === 0) return pass;
  const due = await deps.db
    .select({ id: oauthAccounts.id, provider: oauthAccounts.provider })
    .from(oauthAccounts)
    .where(
      and(
        inArray(oauthAccounts.provider, providers),
        eq(oauthAccounts.state, 'connected'),
        isNotNull(oauthAccounts.refreshToken),
        lt(oauthAccounts.tokenExpiresAt, dueBefore(deps)),
      ),
    )
    .orderBy(asc(oauthAccounts.tokenExpiresAt));
  for (const { id, provider } of due) {
    if (deps.signal?.aborted) break;
    let outcome: RefreshOutcome;
    try {
      outcome = await refreshAccount(deps, id);
    } catch (error) {
      if (deps.signal?.aborted) break;
      deps.log.error('token refresh failed', { accountId: id, provider, err: error });
      pass.failed++;
      continue;
    }
    countOutcome(pass, outcome);
    logOutcome(deps.log, id, provider, outcome);
  }
  return pass;
}

export function countOutcome(pass: RefreshPass, outcome: RefreshOutcome) {
  if (outcome.status === 'refreshed') pass.refreshed++;
  else if (outcome.status === 'revoked') pass.disconnected++;
  else if (outcome.status === 'failed') pass.failed++;
  else if (outcome.status === 'busy') pass.busy++;
}

export function logOutcome(log: Logger, accountId: string, provider: string, outcome: RefreshOutcome) {
  if (outcome.status === 'refreshed')
    log.info('token refreshed', { accountId, provider, expiresAt: outcome.expiresAt?.toISOString() ?? null });
  else if (outcome.status === 'revoked')
    log.warn('token revoked; account disconnected', { accountId, provider, error: outcome.error });
  else if (outcome.status === 'failed')
    log.error('token refresh failed', { accountId, provider, error: outcome.error });
}
