/**
 * The runners' one configuration loader: the environment is validated once at start, and a missing
 * or malformed variable stops the process with its name instead of a confusing failure later.
 */
import { z } from 'zod';
import { logLevels } from './log';

const runnerName = /^[a-z][a-z0-9-]*$/;

const envSchema = z.object({
  DATABASE_URL: z
    .string({ error: 'is required: the postgres:// URL of the app role' })
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL'),
  RUNNER_SECRET: z
    .string({ error: 'is required: the secret shared with functions to sign internal calls' })
    .min(32, 'must be at least 32 characters'),
  RUNNERS_PORT: z.coerce.number().int().min(0).max(65_535).default(8788),
  RUNNERS_HOST: z.string().default('127.0.0.1'),
  RUNNERS_ENABLED: z
    .string()
    .default('all')
    .transform((value, ctx): string[] | 'all' => {
      const names = value
        .split(',')
        .map((name) => name.trim())
        .filter(Boolean);
      if (names.length === 0 || names.includes('all')) return 'all';
      if (names.length === 1 && names[0] === 'none') return [];
      for (const name of names) {
        if (!runnerName.test(name))
          ctx.addIssue({ code: 'custom', message: `has an invalid runner name "${name}"` });
      }
      return names;
    }),
  // Split deployments: the other runners process, which serves the runners RUNNERS_ENABLED leaves out here.
  // Plain http only: the internal API serves no TLS, and WebSocket upgrades are relayed over TCP.
  RUNNERS_PEER_URL: z
    .url({
      protocol: /^http$/,
      error: 'must be the http:// address of the other runners process, e.g. http://runners-engine:8788',
    })
    .optional(),
  METRICS_INTERVAL_MS: z.coerce.number().int().min(250, 'must be at least 250').default(5_000),
  DOCKER_HOST: z
    .string()
    .regex(/^(unix|tcp):\/\//, 'must be unix:///path/to/socket or tcp://host:port')
    .optional(),
  // One-click container updates: the image whose `cp -a` copies volumes into snapshots, and how long snapshots stay.
  UPDATE_HELPER_IMAGE: z.string().min(1).default('busybox:stable'),
  UPDATE_SNAPSHOT_DAYS: z.coerce.number().min(0).default(7),
  ENCRYPTION_KEY: z
    .string()
    .regex(/^[A-Za-z0-9+/]{43}=$/, 'must be 32 random bytes in base64 (openssl rand -base64 32)')
    .optional(),
  BACKUP_DIR: z.string().default('.data/backups'),
  PUBLIC_ORIGIN: z.string().url('must be the https:// address people open the app at').optional(),
  DISCORD_BOT_TOKEN: z.string().min(20, 'must be the bot token from the developer portal').optional(),
  DISCORD_BASE_URL: z.string().url().default('https://discord.com'),
  DISCORD_APPLICATION_ID: z
    .string()
    .regex(/^\d{5,20}$/, 'must be the application id (a snowflake)')
    .optional(),
  DISCORD_CLIENT_SECRET: z.string().min(8).optional(),
  YOUTUBE_API_KEY: z.string().min(10).optional(),
  GOOGLE_API_BASE_URL: z.string().url().default('https://www.googleapis.com'),
  KICK_CLIENT_ID: z.string().min(4).optional(),
  KICK_CLIENT_SECRET: z.string().min(4).optional(),
  KICK_API_BASE_URL: z.string().url().default('https://api.kick.com'),
  KICK_AUTH_BASE_URL: z.string().url().default('https://id.kick.com'),
  KICK_WEB_BASE_URL: z.string().url().default('https://kick.com'),
  KICK_PUSHER_URL: z
    .string()
    .regex(/^wss?:\/\//, 'must be a ws:// or wss:// URL')
    .default(
      'wss://ws-us2.pusher.com/app/32cbd69e4b950bf97679?protocol=7&client=js&version=8.4.0&flash=false',
    ),
  PUPPETEER_EXECUTABLE_PATH: z.string().min(1).default('/usr/bin/chromium'),
  TWITCH_CLIENT_ID: z.string().min(5).optional(),
  TWITCH_CLIENT_SECRET: z.string().min(5).optional(),
  TWITCH_AUTH_BASE_URL: z.string().url().default('https://id.twitch.tv'),
  TWITCH_API_BASE_URL: z.string().url().default('https://api.twitch.tv'),
  TWITCH_IRC_URL: z
    .string()
    .regex(/^wss?:\/\//, 'must be a ws:// or wss:// URL')
    .default('wss://irc-ws.chat.twitch.tv:443'),
  TWITCH_BOT_LOGIN: z
    .string()
    .regex(/^[a-z0-9_]{3,25}$/, "must be the bot account's Twitch login")
    .optional(),
  TWITCH_BOT_REFRESH_TOKEN: z.string().min(10).optional(),
  TWITCH_EVENTSUB_SECRET: z
    .string()
    .min(10, 'must be 10 to 100 characters (Twitch signs EventSub webhooks with it)')
    .max(100, 'must be 10 to 100 characters (Twitch signs EventSub webhooks with it)')
    .optional(),
  GOOGLE_CLIENT_ID: z.string().min(5).optional(),
  GOOGLE_CLIENT_SECRET: z.string().min(5).optional(),
  GOOGLE_TOKEN_BASE_URL: z.string().url().default('https://oauth2.googleapis.com'),
  SPOTIFY_CLIENT_ID: z.string().min(5).optional(),
  SPOTIFY_CLIENT_SECRET: z.string().min(5).optional(),
  SPOTIFY_AUTH_BASE_URL: z.string().url().default('https://accounts.spotify.com'),
  SPOTIFY_API_BASE_URL: z.string().url().default('https://api.spotify.com'),
  // The stream bot's AI: any OpenAI-compatible server (OpenAI, Ollama, LM Studio, vLLM).
  OPENAI_BASE_URL: z.string().url().default('https://api.openai.com/v1'),
  OPENAI_API_KEY: z.string().min(1).optional(),
  OPENAI_MODEL: z.string().min(1).default('gpt-4o-mini'),
  OPENAI_MODERATION_MODEL: z.string().min(1).default('omni-moderation-latest'),
  AI_TIMEOUT_MS: z.coerce.number().int().min(500).max(120_000).default(8_000),
  // Jarvis uses the same server; its own model (tool calling) and a longer deadline.
  JARVIS_MODEL: z.string().min(1).optional(),
  JARVIS_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(600_000).default(60_000),
  // The deployment analyzer reads and deploys project folders under this one only.
  JARVIS_PROJECTS_DIR: z
    .string()
    .refine((p) => p.startsWith('/'), 'must be an absolute path')
    .optional(),
  CHAT_HOLDER: z.string().min(1).optional(),
  // Home Assistant: the address and a long-lived access token (Profile → Security in Home Assistant).
  HOME_ASSISTANT_URL: z.string().url('must be the http(s):// address of Home Assistant').optional(),
  HOME_ASSISTANT_TOKEN: z.string().min(20, 'must be a long-lived access token').optional(),
  // Sunshine on the gaming PC: its web UI address and login; Wake-on-LAN wakes the PC first.
  SUNSHINE_URL: z
    .string()
    .url('must be the https:// address of Sunshine, e.g. https://gaming-pc:47990')
    .optional(),
  SUNSHINE_USERNAME: z.string().min(1).optional(),
  SUNSHINE_PASSWORD: z.string().min(1).optional(),
  // Sunshine serves a self-signed certificate; pin it by its SHA-256 fingerprint instead of trusting any.
  SUNSHINE_TLS_FINGERPRINT: z
    .string()
    .regex(
      /^([0-9A-Fa-f]{2}:?){31}[0-9A-Fa-f]{2}$/,
      'must be a SHA-256 fingerprint (64 hex digits, colons optional)',
    )
    .optional(),
  GAMING_PC_MAC: z
    .string()
    .regex(/^([0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}$/, 'must be a MAC address like 00:11:22:33:44:55')
    .optional(),
  GAMING_PC_BROADCAST: z.string().default('255.255.255.255'),
  // Uploads: where accepted files are kept, the largest accepted, and how ClamAV is reached.
  UPLOAD_DIR: z.string().default('.data/uploads'),
  UPLOAD_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1_024)
    .default(100 * 1024 * 1024),
  CLAMD_SOCKET: z
    .string()
    .regex(/^(unix:\/\/\/|tcp:\/\/|\/)/, 'must be a socket path, unix:///path or tcp://host:port')
    .optional(),
  CLAMSCAN_PATH: z.string().default('clamscan'),
  CLAMAV_DATABASE_DIR: z.string().optional(),
  // S3-compatible storage (MinIO) for uploads instead of UPLOAD_DIR, when an endpoint and bucket are set.
  S3_ENDPOINT: z.string().url().optional(),
  S3_BUCKET: z.string().min(3).optional(),
  S3_REGION: z.string().default('us-east-1'),
  S3_ACCESS_KEY_ID: z.string().min(3).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(8).optional(),
  // Outbound automation events (n8n): tries per delivery, and the first wait (doubling up to an hour).
  AUTOMATION_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(6),
  AUTOMATION_RETRY_BASE_MS: z.coerce.number().int().min(100).default(30_000),
  // Deploy from git: the checkout on the host (unset: deploys are off), its branch, how often it is polled.
  DEPLOY_REPO_DIR: z
    .string()
    .refine((p) => p.startsWith('/'), 'must be an absolute path')
    .optional(),
  DEPLOY_BRANCH: z
    .string()
    .regex(/^[A-Za-z0-9._/-]+$/, 'must be a branch name')
    .default('main'),
  DEPLOY_POLL_SECONDS: z.coerce.number().int().min(0).default(300),
  DEPLOY_COMPOSE_FILE: z.string().min(1).optional(),
  // System backups (the homelab's own database and chosen volumes): see runners/src/sysbackup.
  SYSTEM_BACKUP_DIR: z.string().optional(),
  SYSTEM_BACKUP_KEY: z
    .string()
    .regex(/^[A-Za-z0-9+/]{43}=$/, 'must be 32 random bytes in base64 (openssl rand -base64 32)')
    .optional(),
  SYSTEM_BACKUP_KEEP: z
    .string()
    .regex(/^\s*\d+\s*,\s*\d+\s*,\s*\d+\s*$/, 'must be "daily,weekly,monthly" counts, e.g. 7,4,6')
    .default('7,4,6'),
  SYSTEM_BACKUP_SCHEDULE: z
    .string()
    .min(9, 'must be a cron expression, e.g. 30 3 * * *')
    .default('30 3 * * *'),
  SYSTEM_BACKUP_TARGETS: z
    .string()
    .regex(/^\s*(local|s3|drive)(\s*,\s*(local|s3|drive))*\s*$/, 'must list targets among local, s3, drive')
    .default('local'),
  SYSTEM_BACKUP_VOLUMES: z
    .string()
    .regex(/^[\w.,\s-]*$/, 'must be Docker volume names separated by commas')
    .default(''),
  // A role that may create databases: restore drills and restores into a new database need it.
  SYSTEM_BACKUP_ADMIN_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  DATABASE_OWNER_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  LOG_LEVEL: z.enum(logLevels, { error: `must be one of ${logLevels.join(', ')}` }).default('info'),
});

export type Config = {
  databaseUrl: string;
  runnerSecret: string;
  port: number;
  host: string;
  /** Runner names to start, or every known runner. */
  enabledRunners: string[] | 'all';
  /** The other runners process; calls for runners not enabled here are forwarded to it. */
  peerUrl?: string;
  metricsIntervalMs: number;
  logLevel: (typeof logLevels)[number];
  /** Container engine; unset means DOCKER_HOST's default, /var/run/docker.sock. */
  dockerHost?: string;
  /** One-click container updates: the image of the container that copies volumes, and how long snapshots stay. */
  updates?: { helperImage: string; snapshotDays: number };
  /** Base64 AES-256 key for secrets stored at rest (database credentials). */
  encryptionKey?: string;
  /** Where database backups are written. */
  backupDir: string;
  /** Where people open the app: links in Discord messages (transcripts) point here. */
  publicOrigin?: string;
  /** The Discord bot (gateway, go-live posts, ticket upkeep); no token: those runners idle as "not configured". */
  discord?: { botToken?: string; baseUrl: string; clientId?: string; clientSecret?: string };
  /** YouTube Data API: verifies YouTube streams Discord presence reports. */
  youtube?: { apiKey?: string; baseUrl: string };
  /** Kick's public API (app access token by client credentials): Kick has no Discord presence. */
  kick?: {
    clientId?: string;
    clientSecret?: string;
    apiBaseUrl: string;
    authBaseUrl: string;
    /** kick.com, whose /api/v2/channels/{slug} gives a chatroom id (channels reading chat by socket). */
    webBaseUrl?: string;
    /** The Pusher WebSocket kick.com's chat runs on (socket mode). */
    pusherUrl?: string;
    /** The system Chromium that reads kick.com past Cloudflare (socket mode). */
    chromiumPath?: string;
  };
  /** Twitch: the app (token refresh, Helix) and the bot account that chats (IRC over WebSocket). */
  twitch?: {
    clientId?: string;
    clientSecret?: string;
    authBaseUrl: string;
    apiBaseUrl: string;
    ircUrl: string;
    botLogin?: string;
    botRefreshToken?: string;
    /** Signs EventSub webhooks; the subscriptions are created with it (functions checks it). */
    eventsubSecret?: string;
  };
  /** Google (YouTube) and Spotify apps, for refreshing the streamers' tokens. */
  google?: { clientId?: string; clientSecret?: string; tokenBaseUrl: string; apiBaseUrl?: string };
  spotify?: { clientId?: string; clientSecret?: string; authBaseUrl: string; apiBaseUrl: string };
  /** An OpenAI-compatible server; without a key (and not local) the bot says its fallback lines. */
  ai?: { baseUrl: string; apiKey?: string; model: string; moderationModel: string; timeoutMs: number };
  /** Jarvis's model on the same OpenAI-compatible server (JARVIS_MODEL, else OPENAI_MODEL). */
  jarvis?: { model: string; timeoutMs: number; projectsDir?: string };
  /** This process's name in chat leases; defaults to host and pid. */
  chatHolder?: string;
  /** Home Assistant; without both, the smart home runner idles as "not connected". */
  homeAssistant?: { url?: string; token?: string };
  /** Sunshine (game streaming host) and the gaming PC's Wake-on-LAN address. */
  sunshine?: {
    url?: string;
    username?: string;
    password?: string;
    tlsFingerprint?: string;
    wolMac?: string;
    wolBroadcast: string;
  };
  /** Delivery of automation events to n8n webhooks. */
  automations?: { maxAttempts: number; retryBaseMs: number };
  /** Deploy from git; without repoDir the deploy runner idles as "not configured". */
  deploy?: { repoDir?: string; branch: string; pollSeconds: number; composeFile?: string };
  /** System backups: folder, schedule, retention, targets, volumes; URLs that can dump and create databases. */
  systemBackup?: {
    dir: string;
    key?: string;
    keep: string;
    schedule: string;
    targets: ('local' | 's3' | 'drive')[];
    volumes: string[];
    adminUrl?: string;
    ownerUrl?: string;
  };
  uploads?: {
    dir: string;
    maxBytes: number;
    /** clamd's socket; without it each file is scanned by running clamscan. */
    clamdSocket?: string;
    clamscanPath: string;
    clamavDatabaseDir?: string;
    s3?: { endpoint: string; bucket: string; region: string; accessKeyId?: string; secretAccessKey?: string };
  };
};

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Validates the variables a schema names; every problem is reported at once, by variable name. */
export function parseEnv<T extends z.ZodObject>(
  schema: T,
  env: Record<string, string | undefined>,
  who: string,
): z.infer<T> {
  // An empty variable (`FOO=` in a compose file) means "not set", not "set to nothing".
  const input = Object.fromEntries(
    Object.keys(schema.shape).map((key) => [key, env[key] === '' ? undefined : env[key]]),
  );
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`);
    throw new ConfigError(`${who} misconfigured: ${problems.join('; ')}`);
  }
  return parsed.data;
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const env_ = parseEnv(envSchema, env, 'runners are');
  return {
    databaseUrl: env_.DATABASE_URL,
    runnerSecret: env_.RUNNER_SECRET,
    port: env_.RUNNERS_PORT,
    host: env_.RUNNERS_HOST,
    enabledRunners: env_.RUNNERS_ENABLED,
    peerUrl: env_.RUNNERS_PEER_URL?.replace(/\/$/, ''),
    metricsIntervalMs: env_.METRICS_INTERVAL_MS,
    logLevel: env_.LOG_LEVEL,
    dockerHost: env_.DOCKER_HOST,
    updates: { helperImage: env_.UPDATE_HELPER_IMAGE, snapshotDays: env_.UPDATE_SNAPSHOT_DAYS },
    encryptionKey: env_.ENCRYPTION_KEY,
    backupDir: env_.BACKUP_DIR,
    publicOrigin: env_.PUBLIC_ORIGIN,
    discord: {
      botToken: env_.DISCORD_BOT_TOKEN,
      baseUrl: env_.DISCORD_BASE_URL,
      // The OAuth app's credentials, for refreshing linked Discord accounts' tokens.
      clientId: env_.DISCORD_APPLICATION_ID,
      clientSecret: env_.DISCORD_CLIENT_SECRET,
    },
    youtube: { apiKey: env_.YOUTUBE_API_KEY, baseUrl: env_.GOOGLE_API_BASE_URL },
    kick: {
      clientId: env_.KICK_CLIENT_ID,
      clientSecret: env_.KICK_CLIENT_SECRET,
      apiBaseUrl: env_.KICK_API_BASE_URL,
      authBaseUrl: env_.KICK_AUTH_BASE_URL,
      webBaseUrl: env_.KICK_WEB_BASE_URL,
      pusherUrl: env_.KICK_PUSHER_URL,
      chromiumPath: env_.PUPPETEER_EXECUTABLE_PATH,
    },
    twitch: {
      clientId: env_.TWITCH_CLIENT_ID,
      clientSecret: env_.TWITCH_CLIENT_SECRET,
      authBaseUrl: env_.TWITCH_AUTH_BASE_URL,
      apiBaseUrl: env_.TWITCH_API_BASE_URL,
      ircUrl: env_.TWITCH_IRC_URL,
      botLogin: env_.TWITCH_BOT_LOGIN,
      botRefreshToken: env_.TWITCH_BOT_REFRESH_TOKEN,
      eventsubSecret: env_.TWITCH_EVENTSUB_SECRET,
    },
    google: {
      clientId: env_.GOOGLE_CLIENT_ID,
      clientSecret: env_.GOOGLE_CLIENT_SECRET,
      tokenBaseUrl: env_.GOOGLE_TOKEN_BASE_URL,
      apiBaseUrl: env_.GOOGLE_API_BASE_URL,
    },
    spotify: {
      clientId: env_.SPOTIFY_CLIENT_ID,
      clientSecret: env_.SPOTIFY_CLIENT_SECRET,
      authBaseUrl: env_.SPOTIFY_AUTH_BASE_URL,
      apiBaseUrl: env_.SPOTIFY_API_BASE_URL,
    },
    ai: {
      baseUrl: env_.OPENAI_BASE_URL,
      apiKey: env_.OPENAI_API_KEY,
      model: env_.OPENAI_MODEL,
      moderationModel: env_.OPENAI_MODERATION_MODEL,
      timeoutMs: env_.AI_TIMEOUT_MS,
    },
    jarvis: {
      model: env_.JARVIS_MODEL ?? env_.OPENAI_MODEL,
      timeoutMs: env_.JARVIS_TIMEOUT_MS,
      projectsDir: env_.JARVIS_PROJECTS_DIR,
    },
    chatHolder: env_.CHAT_HOLDER,
    homeAssistant: { url: env_.HOME_ASSISTANT_URL, token: env_.HOME_ASSISTANT_TOKEN },
    sunshine: {
      url: env_.SUNSHINE_URL,
      username: env_.SUNSHINE_USERNAME,
      password: env_.SUNSHINE_PASSWORD,
      tlsFingerprint: env_.SUNSHINE_TLS_FINGERPRINT,
      wolMac: env_.GAMING_PC_MAC,
      wolBroadcast: env_.GAMING_PC_BROADCAST,
    },
    automations: { maxAttempts: env_.AUTOMATION_MAX_ATTEMPTS, retryBaseMs: env_.AUTOMATION_RETRY_BASE_MS },
    deploy: {
      repoDir: env_.DEPLOY_REPO_DIR,
      branch: env_.DEPLOY_BRANCH,
      pollSeconds: env_.DEPLOY_POLL_SECONDS,
      composeFile: env_.DEPLOY_COMPOSE_FILE,
    },
    systemBackup: {
      dir: env_.SYSTEM_BACKUP_DIR ?? `${env_.BACKUP_DIR.replace(/\/$/, '')}/system`,
      key: env_.SYSTEM_BACKUP_KEY,
      keep: env_.SYSTEM_BACKUP_KEEP,
      schedule: env_.SYSTEM_BACKUP_SCHEDULE,
      targets: [
        ...new Set(env_.SYSTEM_BACKUP_TARGETS.split(',').map((t) => t.trim() as 'local' | 's3' | 'drive')),
      ],
      volumes: env_.SYSTEM_BACKUP_VOLUMES.split(',')
        .map((v) => v.trim())
        .filter(Boolean),
      adminUrl: env_.SYSTEM_BACKUP_ADMIN_URL,
      ownerUrl: env_.DATABASE_OWNER_URL,
    },
    uploads: {
      dir: env_.UPLOAD_DIR,
      maxBytes: env_.UPLOAD_MAX_BYTES,
      clamdSocket: env_.CLAMD_SOCKET,
      clamscanPath: env_.CLAMSCAN_PATH,
      clamavDatabaseDir: env_.CLAMAV_DATABASE_DIR,
      s3:
        env_.S3_ENDPOINT && env_.S3_BUCKET
          ? {
              endpoint: env_.S3_ENDPOINT,
              bucket: env_.S3_BUCKET,
              region: env_.S3_REGION,
              accessKeyId: env_.S3_ACCESS_KEY_ID,
              secretAccessKey: env_.S3_SECRET_ACCESS_KEY,
            }
          : undefined,
    },
  };
}
