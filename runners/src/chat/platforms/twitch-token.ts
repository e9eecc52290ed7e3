/**
 * The bot account's Twitch user token: obtained with its refresh token, refreshed before it
 * expires, and validated at start and every hour as Twitch requires of chat bots.
 */
import type { Logger } from '../../log';

export type TwitchBotTokenOptions = {
  clientId: string;
  clientSecret: string;
  authBaseUrl: string;
  refreshToken: string;
  log: Logger;
  signal: AbortSignal;
  fetch?: typeof fetch;
  /** How often the token is validated (Twitch: at least hourly). */
  validateEveryMs?: number;
};

export type TwitchTokenState = {
  state: 'starting' | 'valid' | 'error';
  login: string | null;
  /** The bot's Twitch user id (whispers are sent from it). */
  userId: string | null;
  expiresAt: string | null;
  lastValidatedAt: string | null;
  lastError: string | null;
};

export class TwitchTokenError extends Error {
  override name = 'TwitchTokenError';
}

export function createTwitchBotToken(options: TwitchBotTokenOptions) {
  const doFetch = options.fetch ?? fetch;
  const validateEveryMs = options.validateEveryMs ?? 3_600_000;
  let refreshToken = options.refreshToken;
  let access: { value: string; expiresAt: number } | null = null;
  let pending: Promise<string> | null = null;
  let refreshTimer: NodeJS.Timeout | undefined;
  let validateTimer: NodeJS.Timeout | undefined;
  const info: TwitchTokenState = {
    state: 'starting',
    login: null,
    userId: null,
    expiresAt: null,
    lastValidatedAt: null,
    lastError: null,
  };

  function fail(message: string): never {
    info.state = 'error';
    info.lastError = message;
    throw new TwitchTokenError(message);
  }

  async function refresh(): Promise<string> {
    let res: Response;
    try {
      res = await doFetch(`${options.authBaseUrl}/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'refresh_token',
          refresh_token: refreshToken,
          client_id: options.clientId,
          client_secret: options.clientSecret,
        }),
        signal: AbortSignal.any([options.signal, AbortSignal.timeout(10_000)]),
      });
    } catch (error) {
      fail(`Twitch's token endpoint could not be reached: ${(error as Error).message}`);
    }
    const body = (await res.json().catch(() => ({}))) as {
      access_token?: string;
      refresh_token?: string;
      expires_in?: number;
      message?: string;
    };
    if (!res.ok || !body.access_token)
      fail(
        `Twitch refused the bot's refresh token (${res.status}${body.message ? `: ${body.message}` : ''}); set a new TWITCH_BOT_REFRESH_TOKEN.`,
      );
    // Twitch may rotate the refresh token; the newest one is the one that works next time.
    if (body.refresh_token) refreshToken = body.refresh_token;
    const expiresIn = (body.expires_in ?? 14_400) * 1000;
    access = { value: body.access_token, expiresAt: Date.now() + expiresIn };
    info.expiresAt = new Date(access.expiresAt).toISOString();
    clearTimeout(refreshTimer);
    // Refresh five minutes early (or at half the lifetime for short-lived tokens).
    const lead = Math.min(300_000, expiresIn / 2);
    refreshTimer = setTimeout(() => {
      access = null;
      token().catch((error: unknown) => options.log.warn('twitch bot token refresh failed', { error }));
    }, expiresIn - lead);
    refreshTimer.unref();
    return access.value;
  }

  /** The current access token, refreshed when missing or about to expire. */
  async function token(): Promise<string> {
    if (access && access.expiresAt > Date.now() + 60_000) return access.value;
    pending ??= refresh().finally(() => {
      pending = null;
    });
    return pending;
  }

  /** GET /oauth2/validate: a 401 means the token was revoked, and one fresh token is fetched. */
  async function validate(): Promise<void> {
    const check = async (value: string) =>
      doFetch(`${options.authBaseUrl}/oauth2/validate`, {
        headers: { authorization: `OAuth ${value}` },
        signal: AbortSignal.any([options.signal, AbortSignal.timeout(10_000)]),
      });
    let res = await check(await token()).catch((error: Error) =>
      fail(`Twitch's validate endpoint could not be reached: ${error.message}`),
    );
    if (res.status === 401) {
      access = null;
      res = await check(await token());
    }
    if (!res.ok) fail(`Twitch did not accept the bot's token (${res.status}).`);
    const body = (await res.json()) as { login?: string; user_id?: string; expires_in?: number };
    info.state = 'valid';
    info.login = body.login ?? null;
    info.userId = body.user_id ?? null;
    info.lastValidatedAt = new Date().toISOString();
    info.lastError = null;
  }

  return {
    token,
    validate,
    /** Validates now and then every hour; failures show in info() instead of stopping the runner. */
    async start(): Promise<boolean> {
      clearInterval(validateTimer);
      validateTimer = setInterval(() => {
        validate().catch((error: unknown) =>
          options.log.warn('twitch bot token validation failed', { error }),
        );
      }, validateEveryMs);
      validateTimer.unref();
      try {
        await validate();
        return true;
      } catch (error) {
        options.log.error('twitch bot token is not usable', { error });
        return false;
      }
    },
    info: (): TwitchTokenState => ({ ...info }),
    stop() {
      clearTimeout(refreshTimer);
      clearInterval(validateTimer);
    },
  };
}
export type TwitchBotToken = ReturnType<typeof createTwitchBotToken>;
