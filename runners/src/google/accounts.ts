/**
 * The linked Google accounts as the runner uses them: the row (tokens sealed with ENCRYPTION_KEY,
 * the row id as associated data), a bearer token that is refreshed five minutes before it expires
 * (one refresh at a time per account, the new token sealed again), and the state the failures
 * leave behind (revoked when Google refuses the grant, error with its kind otherwise).
 */
import type { Pool } from '@homelab/db/client/pool';
import { decryptSecret, encryptSecret } from '@homelab/db/crypto';
import { type GoogleStatus, googleStatusOf } from '@homelab/db/google';
import { AuthRevokedError, classifyGoogleFailure, type GoogleError, NetworkError } from './errors';

export type Sql = Pool['sql'];

export type GoogleSettings = {
  clientId?: string;
  clientSecret?: string;
  tokenBaseUrl: string;
  apiBaseUrl?: string;
  encryptionKey?: string;
};

export type AccountRow = {
  id: string;
  userId: string;
  email: string;
  accessToken: string;
  refreshToken: string;
  tokenExpiresAt: Date;
  scopes: string[];
  state: 'connected' | 'revoked' | 'error';
  lastErrorKind: string | null;
  lastError: string | null;
  backupFolderId: string | null;
};

/** Refreshed this long before Google's expiry, so a token never runs out in the middle of a call. */
export const refreshMarginMs = 5 * 60_000;

export const isConfigured = (s: GoogleSettings) => Boolean(s.clientId && s.clientSecret && s.encryptionKey);

const columns = (sql: Sql) => sql`
  id, user_id as "userId", email, access_token as "accessToken", refresh_token as "refreshToken",
  token_expires_at as "tokenExpiresAt", scopes, state, last_error_kind as "lastErrorKind",
  last_error as "lastError", backup_folder_id as "backupFolderId"`;

/**
 * The account of `userId`; without one, the owner's (the person mission control acts for in
 * backups and Jarvis), else the oldest linked account.
 */
export async function findAccount(sql: Sql, userId?: string | null): Promise<AccountRow | null> {
  const rows = userId
    ? await sql<AccountRow[]>`select ${columns(sql)} from google_accounts where user_id = ${userId}`
    : await sql<AccountRow[]>`
        select ${columns(sql)} from google_accounts g
        order by (select role = 'owner' from users u where u.id = g.user_id) desc nulls last, created_at
        limit 1`;
  return rows[0] ?? null;
}

export function statusOf(settings: GoogleSettings, row: AccountRow | null): GoogleStatus {
  return googleStatusOf(isConfigured(settings), row);
}

/** Records a failure on the row: a refused grant makes the account revoked until it is reconnected. */
export async function recordFailure(sql: Sql, accountId: string, error: GoogleError) {
  const state = error.kind === 'auth_revoked' ? 'revoked' : 'error';
  await sql`
    update google_accounts
    set state = ${state}, last_error_kind = ${error.kind}, last_error = ${error.message}, updated_at = now()
    where id = ${accountId}`;
}

/** A call went through: an earlier passing failure (rate limit, network) is over. */
export async function recordSuccess(sql: Sql, row: AccountRow) {
  await sql`
    update google_accounts
    set state = 'connected', last_error_kind = null, last_error = null, updated_at = now()
    where id = ${row.id} and state = 'error'`;
  row.state = 'connected';
  row.lastErrorKind = null;
  row.lastError = null;
}

const refreshing = new Map<string, Promise<string>>();

/** The bearer token of the account, refreshed first when it expires within five minutes. */
export async function accessTokenFor(
  sql: Sql,
  settings: GoogleSettings,
  row: AccountRow,
  now: () => number = Date.now,
): Promise<string> {
  const key = settings.encryptionKey;
  if (!key) throw new Error('ENCRYPTION_KEY is not set; the Google tokens cannot be opened.');
  if (row.state === 'revoked') throw new AuthRevokedError();
  if (new Date(row.tokenExpiresAt).getTime() - refreshMarginMs > now())
    return decryptSecret(row.accessToken, key, row.id);
  let pending = refreshing.get(row.id);
  if (!pending) {
    pending = refresh(sql, settings, key, row).finally(() => refreshing.delete(row.id));
    refreshing.set(row.id, pending);
  }
  return pending;
}

/** A token the API refused with 401 although it was fresh: refresh once regardless of its expiry. */
export async function forceRefresh(sql: Sql, settings: GoogleSettings, row: AccountRow): Promise<string> {
  return accessTokenFor(sql, settings, { ...row, tokenExpiresAt: new Date(0) });
}

async function refresh(sql: Sql, settings: GoogleSettings, key: string, row: AccountRow): Promise<string> {
  const refreshToken = await decryptSecret(row.refreshToken, key, row.id);
  let res: Response;
  try {
    res = await fetch(`${settings.tokenBaseUrl.replace(/\/+$/, '')}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: refreshToken,
        client_id: settings.clientId ?? '',
        client_secret: settings.clientSecret ?? '',
      }),
      signal: AbortSignal.timeout(15_000),
    });
  } catch (error) {
    throw new NetworkError(`Google's token endpoint could not be reached (${(error as Error).message}).`);
  }
  const body = (await res.json().catch(() => null)) as {
    access_token?: string;
    expires_in?: number;
    scope?: string;
    error?: string;
  } | null;
  if (!res.ok || !body?.access_token) {
    const failure =
      body?.error === 'invalid_grant'
        ? new AuthRevokedError()
        : (classifyGoogleFailure(res.status, body, res.headers.get('retry-after')) ??
          new NetworkError(
            `Google's token endpoint answered HTTP ${res.status} (${body?.error ?? 'no reason'}).`,
          ));
    await recordFailure(sql, row.id, failure);
    throw failure;
  }
  const expiresAt = new Date(Date.now() + (body.expires_in ?? 3600) * 1000);
  const sealed = await encryptSecret(body.access_token, key, row.id);
  await sql`
    update google_accounts
    set access_token = ${sealed}, token_expires_at = ${expiresAt.toISOString()}::timestamptz, updated_at = now()
    where id = ${row.id}`;
  row.accessToken = sealed;
  row.tokenExpiresAt = expiresAt;
  return body.access_token;
}
