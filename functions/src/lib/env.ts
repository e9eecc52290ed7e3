/**
 * The bindings functions run with (wrangler vars/secrets, or workerd `fromEnvironment`), validated
 * once per isolate so a missing variable fails with its name instead of a confusing crash later.
 */
import { z } from 'zod';
import { logLevels } from './log';

export type AssetsBinding = { fetch(input: Request | string, init?: RequestInit): Promise<Response> };

export type Bindings = {
  DATABASE_URL?: string;
  RUNNERS_URL?: string;
  RUNNER_SECRET?: string;
  APP_VERSION?: string;
  PUBLIC_ORIGIN?: string;
  SECURE_COOKIES?: string;
  TRUST_PROXY?: string;
  LOG_LEVEL?: string;
  ENCRYPTION_KEY?: string;
  DISCORD_BASE_URL?: string;
  DISCORD_APPLICATION_ID?: string;
  DISCORD_PUBLIC_KEY?: string;
  DISCORD_BOT_TOKEN?: string;
  DISCORD_CLIENT_SECRET?: string;
  TWITCH_CLIENT_ID?: string;
  TWITCH_CLIENT_SECRET?: string;
  TWITCH_EVENTSUB_SECRET?: string;
  TWITCH_AUTH_BASE_URL?: string;
  TWITCH_API_BASE_URL?: string;
  GOOGLE_CLIENT_ID?: string;
  GOOGLE_CLIENT_SECRET?: string;
  GOOGLE_AUTH_BASE_URL?: string;
  GOOGLE_TOKEN_BASE_URL?: string;
  GOOGLE_API_BASE_URL?: string;
  KICK_CLIENT_ID?: string;
  KICK_CLIENT_SECRET?: string;
  KICK_AUTH_BASE_URL?: string;
  KICK_API_BASE_URL?: string;
  SPOTIFY_CLIENT_ID?: string;
  SPOTIFY_CLIENT_SECRET?: string;
  SPOTIFY_AUTH_BASE_URL?: string;
  SPOTIFY_API_BASE_URL?: string;
  AUTOMATION_INBOUND_SECRET?: string;
  UPLOAD_MAX_BYTES?: string;
  DEPLOY_WEBHOOK_SECRET?: string;
  DEPLOY_BRANCH?: string;
  ASSETS?: AssetsBinding;
};

const configSchema = z.object({
  DATABASE_URL: z.string().url({ message: 'DATABASE_URL must be a postgres:// URL' }),
  RUNNERS_URL: z
    .string()
    .url({ message: 'RUNNERS_URL must be the runners internal URL' })
    .default('http://127.0.0.1:8788'),
  RUNNER_SECRET: z.string().min(32, { message: 'RUNNER_SECRET must be at least 32 characters' }),
  APP_VERSION: z.string().default('dev'),
  PUBLIC_ORIGIN: z.string().url().optional(),
  SECURE_COOKIES: z.enum(['auto', 'true', 'false']).default('auto'),
  // Only a proxy in front (Caddy) makes X-Forwarded-For trustworthy; standalone workerd sees no client address.
  TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  LOG_LEVEL: z
    .enum(logLevels, { message: `LOG_LEVEL must be one of ${logLevels.join(', ')}` })
    .default('info'),
  // Seals OAuth tokens at rest (db/src/crypto.ts); without it, sign-in through outside platforms is off.
  ENCRYPTION_KEY: z
    .string()
    .regex(/^[A-Za-z0-9+/]{43}=$/, 'ENCRYPTION_KEY must be 32 random bytes in base64')
    .optional(),
  // The Discord bot. Unset: the interactions endpoint and the ticket desk answer "not configured".
  DISCORD_BASE_URL: z.string().url().default('https://discord.com'),
  DISCORD_APPLICATION_ID: z
    .string()
    .regex(/^\d{5,20}$/, 'DISCORD_APPLICATION_ID is a snowflake')
    .optional(),
  DISCORD_PUBLIC_KEY: z
    .string()
    .regex(/^[0-9a-f]{64}$/i, 'DISCORD_PUBLIC_KEY is the 64-hex-digit key from the developer portal')
    .optional(),
  DISCORD_BOT_TOKEN: z.string().min(20).optional(),
  DISCORD_CLIENT_SECRET: z.string().min(8).optional(),
  // The stream bot's platforms. Unset credentials: that platform's sign-in answers "not configured".
  TWITCH_CLIENT_ID: z.string().min(5).optional(),
  TWITCH_CLIENT_SECRET: z.string().min(5).optional(),
  // Signs Twitch EventSub subscriptions (10–100 characters, Twitch's rule).
  TWITCH_EVENTSUB_SECRET: z.string().min(10).max(100).optional(),
  TWITCH_AUTH_BASE_URL: z.string().url().default('https://id.twitch.tv'),
  TWITCH_API_BASE_URL: z.string().url().default('https://api.twitch.tv'),
  GOOGLE_CLIENT_ID: z.string().min(5).optional(),
  GOOGLE_CLIENT_SECRET: z.string().min(5).optional(),
  GOOGLE_AUTH_BASE_URL: z.string().url().default('https://accounts.google.com'),
  GOOGLE_TOKEN_BASE_URL: z.string().url().default('https://oauth2.googleapis.com'),
  GOOGLE_API_BASE_URL: z.string().url().default('https://www.googleapis.com'),
  KICK_CLIENT_ID: z.string().min(4).optional(),
  KICK_CLIENT_SECRET: z.string().min(4).optional(),
  KICK_AUTH_BASE_URL: z.string().url().default('https://id.kick.com'),
  KICK_API_BASE_URL: z.string().url().default('https://api.kick.com'),
  SPOTIFY_CLIENT_ID: z.string().min(5).optional(),
  SPOTIFY_CLIENT_SECRET: z.string().min(5).optional(),
  SPOTIFY_AUTH_BASE_URL: z.string().url().default('https://accounts.spotify.com'),
  SPOTIFY_API_BASE_URL: z.string().url().default('https://api.spotify.com'),
  // Signs inbound automation calls (n8n → HomeLabHub); unset: /webhooks/automations answers "not configured".
  AUTOMATION_INBOUND_SECRET: z
    .string()
    .min(32, 'AUTOMATION_INBOUND_SECRET must be at least 32 characters')
    .optional(),
  // The largest upload accepted, checked before any byte is stored (runners check it again).
  UPLOAD_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1_024)
    .default(100 * 1024 * 1024),
  // Signs GitHub/Gitea push webhooks at /webhooks/deploy; unset: that webhook answers "not configured".
  DEPLOY_WEBHOOK_SECRET: z
    .string()
    .min(16, 'DEPLOY_WEBHOOK_SECRET must be at least 16 characters')
    .optional(),
  // Only pushes to this branch start a deploy (the runners read the same variable).
  DEPLOY_BRANCH: z.string().default('main'),
});
export type Config = z.infer<typeof configSchema>;

const cache = new WeakMap<object, Config>();

export class ConfigError extends Error {}

export function loadConfig(env: Bindings): Config {
  const hit = cache.get(env);
  if (hit) return hit;
  // workerd's fromEnvironment binds an unset variable as null: treat it as not given.
  const given = Object.fromEntries(
    Object.entries(env).filter(([key, value]) => value !== null && key !== 'ASSETS'),
  );
  const parsed = configSchema.safeParse(given);
  if (!parsed.success) {
    const names = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`functions are misconfigured: ${names}`);
  }
  cache.set(env, parsed.data);
  return parsed.data;
}
