/**
 * Twitch requires apps to validate their users' tokens at start and hourly (GET /oauth2/validate):
 * a token the user revoked (password change, disconnected app) must stop being used. A 401 gets a
 * refresh first; a token that is still refused disconnects the account and tells the streamer.
 */
import { decryptSecret } from '@homelab/db/crypto';
import { oauthAccounts } from '@homelab/db/schema';
import { and, eq, isNotNull } from 'drizzle-orm';
import { disconnectAccount } from './disconnect';
import { type RefreshDeps, refreshAccount } from './refresh';

export type ValidationPass = {
  valid: number;
  /** Refused, then valid again after a refresh. */
  refreshed: number;
  disconnected: number;
  /** Not decided this time (Twitch unreachable, a refresh under way elsewhere); tried next hour. */
  failed: number;
  /** Disconnected by another process meanwhile. */
  skipped: number;
};

type Verdict = 'valid' | 'invalid' | 'unknown';

async function validate(deps: RefreshDeps, authBaseUrl: string, token: string): Promise<Verdict> {
  const timeout = AbortSignal.timeout(deps.requestTimeoutMs ?? 10_000);
  try {
    const response = await (deps.fetch ?? fetch)(`${authBaseUrl.replace(/\/+$/, '')}/oauth2/validate`, {
      headers: { authorization: `OAuth ${token}` },
      signal: deps.signal ? AbortSignal.any([deps.signal, timeout]) : timeout,
    });
    await response.body?.cancel();
    if (response.ok) return 'valid';
    return response.status === 401 ? 'invalid' : 'unknown';
  } catch (error) {
    if (deps.signal?.aborted) throw error;
    return 'unknown';
  }
}

export async function validateTwitchTokens(deps: RefreshDeps, authBaseUrl: string): Promise<ValidationPass> {
  const pass: ValidationPass = { valid: 0, refreshed: 0, disconnected: 0, failed: 0, skipped: 0 };
  const accounts = await deps.db
    .select()
    .from(oauthAccounts)
    .where(
      and(
        eq(oauthAccounts.provider, 'twitch'),
        eq(oauthAccounts.state, 'connected'),
        isNotNull(oauthAccounts.accessToken),
      ),
    );
  for (const account of accounts) {
    if (deps.signal?.aborted) break;
    try {
      const verdict = await validateAccount(deps, authBaseUrl, { ...account, provider: 'twitch' });
      pass[verdict]++;
    } catch (error) {
      if (deps.signal?.aborted) break;
      deps.log.error('twitch token validation failed', { accountId: account.id, err: error });
      pass.failed++;
    }
  }
  return pass;
}

type TwitchAccount = typeof oauthAccounts.$inferSelect & { provider: 'twitch' };

async function validateAccount(
  deps: RefreshDeps,
  authBaseUrl: string,
  account: TwitchAccount,
): Promise<keyof ValidationPass> {
  let token: string | null = null;
  try {
    token = await decryptSecret(account.accessToken as string, deps.encryptionKey, account.id);
  } catch {
    // An access token that cannot be opened is as good as refused: the refresh decides.
  }
  const first = token === null ? 'invalid' : await validate(deps, authBaseUrl, token);
  if (first === 'valid') return 'valid';
  if (first === 'unknown') return 'failed';
  const outcome = await refreshAccount(deps, account.id, { force: true });
  if (outcome.status === 'revoked') {
    deps.log.warn('twitch token refused and its refresh revoked; account disconnected', {
      accountId: account.id,
      error: outcome.error,
    });
    return 'disconnected';
  }
  // Disconnected meanwhile by someone else, or the refresh cannot happen now: decided next hour.
  if (outcome.status !== 'refreshed') return outcome.status === 'skipped' ? 'skipped' : 'failed';
  const second = await validate(deps, authBaseUrl, outcome.accessToken);
  if (second === 'valid') {
    deps.log.info('twitch token refused, refreshed and valid again', { accountId: account.id });
    return 'refreshed';
  }
  if (second === 'unknown') return 'failed';
  const error = 'Twitch refused the access token even after a refresh (GET /oauth2/validate answered 401).';
  await deps.db.transaction(async (tx) => {
    const [current] = await tx
      .select({ id: oauthAccounts.id })
      .from(oauthAccounts)
      .where(and(eq(oauthAccounts.id, account.id), eq(oauthAccounts.state, 'connected')))
      .for('update');
    if (current) await disconnectAccount(tx, account, error);
  });
  deps.log.warn('twitch token still refused after a refresh; account disconnected', {
    accountId: account.id,
  });
  return 'disconnected';
}
