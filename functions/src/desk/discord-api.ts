/**
 * The Discord calls the desk makes, all through the one REST client (rate limits honoured): as the
 * bot, and as the signed-in person with their OAuth2 bearer token.
 * Discord is reached through DISCORD_BASE_URL, so tests and e2e point it at a fake.
 */
import { createDiscordRest, DiscordApiError, type DiscordRest } from '@homelab/db/discord/rest';
import type { AppContext } from '../lib/context';
import { ApiError } from '../lib/errors';

/** The HTTP status of a refusal by Discord; undefined for anything else. */
export function discordStatus(error: unknown): number | undefined {
  return error instanceof DiscordApiError ? error.status : undefined;
}

/** Discord refused the person's own token (revoked or expired), not the bot's. */
export function isBearerRefused(error: unknown): boolean {
  return error instanceof DiscordApiError && error.authorization === 'Bearer' && error.status === 401;
}

export type DiscordOAuthConfig = {
  baseUrl: string;
  applicationId: string;
  clientSecret: string;
  botToken: string;
};

/** Sign-in needs the application, its secret and the bot (to see which guilds it serves). */
export function discordOAuthConfig(c: AppContext): DiscordOAuthConfig {
  const config = c.get('config');
  if (!config.DISCORD_APPLICATION_ID || !config.DISCORD_CLIENT_SECRET || !config.DISCORD_BOT_TOKEN) {
    throw discordNotConfigured();
  }
  return {
    baseUrl: config.DISCORD_BASE_URL.replace(/\/+$/, ''),
    applicationId: config.DISCORD_APPLICATION_ID,
    clientSecret: config.DISCORD_CLIENT_SECRET,
    botToken: config.DISCORD_BOT_TOKEN,
  };
}

export function discordNotConfigured() {
  return new ApiError(
    503,
    'discord_not_configured',
    'The Discord bot is not configured (DISCORD_APPLICATION_ID, DISCORD_CLIENT_SECRET and DISCORD_BOT_TOKEN).',
  );
}

// A person waits on these calls: give up on a long rate-limit wait rather than hang.
const personWaitMs = 5_000;

/** A client acting as the signed-in person, with their OAuth2 access token. */
export function personRest(baseUrl: string, bearerToken: string): DiscordRest {
  return createDiscordRest({ baseUrl, token: bearerToken, authorization: 'Bearer', maxWaitMs: personWaitMs });
}

// One client per isolate and bot, so its rate-limit buckets carry over from request to request.
const clients = new Map<string, DiscordRest>();

export function botRest(baseUrl: string, botToken: string): DiscordRest {
  const key = `${baseUrl}\n${botToken}`;
  let client = clients.get(key);
  if (!client) {
    client = createDiscordRest({ baseUrl, token: botToken, maxWaitMs: personWaitMs });
    clients.set(key, client);
  }
  return client;
}

/** The bot's client for the routes that only read (channels, roles). */
export function botFor(c: AppContext): DiscordRest {
  const config = c.get('config');
  if (!config.DISCORD_BOT_TOKEN) throw discordNotConfigured();
  return botRest(config.DISCORD_BASE_URL, config.DISCORD_BOT_TOKEN);
}

/** Discord being down or refusing is the caller's 503, not our 500. */
export function discordUnavailable(error: unknown): ApiError {
  const status = discordStatus(error);
  return new ApiError(
    503,
    'discord_unavailable',
    `Discord did not answer as expected${status ? ` (HTTP ${status})` : ''}. Try again shortly.`,
  );
}

/** Discord refused or could not be reached (fetch fails with a TypeError). */
export function isDiscordFailure(error: unknown): boolean {
  return discordStatus(error) !== undefined || error instanceof TypeError;
}
