/**
 * The standalone workerd config for a local stack: the wrangler-built bundle, the web app as a disk
 * service, secrets read from the environment, and outbound network limited to this machine, its
 * private network and the public internet (Discord's API answers interactions from there); the
 * cloud metadata and other reserved ranges stay closed.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';

export type WorkerdConfigOptions = {
  root: string;
  file: string;
  port: number;
  host?: string;
  bundle?: string;
  webDir?: string;
};

export function writeWorkerdConfig({
  root,
  file,
  port,
  host = '127.0.0.1',
  bundle,
  webDir,
}: WorkerdConfigOptions) {
  const dir = path.dirname(file);
  // embed paths are resolved relative to the config file.
  const bundlePath = path.relative(dir, bundle ?? path.join(root, 'functions/dist/index.js'));
  const web = path.resolve(webDir ?? path.join(root, 'web/dist'));
  const text = `using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "functions", worker = .functions),
    (name = "assets", disk = (path = ${JSON.stringify(web)}, writable = false)),
    (name = "internet", network = (allow = ["public", "local", "private"])),
  ],
  sockets = [ (name = "http", address = "${host}:${port}", http = (), service = "functions") ],
);

const functions :Workerd.Worker = (
  modules = [ (name = "index.js", esModule = embed ${JSON.stringify(bundlePath)}) ],
  compatibilityDate = "2026-04-01",
  compatibilityFlags = ["nodejs_compat"],
  bindings = [
    (name = "DATABASE_URL", fromEnvironment = "DATABASE_URL"),
    (name = "RUNNERS_URL", fromEnvironment = "RUNNERS_URL"),
    (name = "RUNNER_SECRET", fromEnvironment = "RUNNER_SECRET"),
    (name = "APP_VERSION", fromEnvironment = "APP_VERSION"),
    (name = "SECURE_COOKIES", fromEnvironment = "SECURE_COOKIES"),
    (name = "TRUST_PROXY", fromEnvironment = "TRUST_PROXY"),
    (name = "LOG_LEVEL", fromEnvironment = "LOG_LEVEL"),
    (name = "PUBLIC_ORIGIN", fromEnvironment = "PUBLIC_ORIGIN"),
    (name = "ENCRYPTION_KEY", fromEnvironment = "ENCRYPTION_KEY"),
    (name = "DISCORD_BASE_URL", fromEnvironment = "DISCORD_BASE_URL"),
    (name = "DISCORD_APPLICATION_ID", fromEnvironment = "DISCORD_APPLICATION_ID"),
    (name = "DISCORD_PUBLIC_KEY", fromEnvironment = "DISCORD_PUBLIC_KEY"),
    (name = "DISCORD_BOT_TOKEN", fromEnvironment = "DISCORD_BOT_TOKEN"),
    (name = "DISCORD_CLIENT_SECRET", fromEnvironment = "DISCORD_CLIENT_SECRET"),
    (name = "TWITCH_CLIENT_ID", fromEnvironment = "TWITCH_CLIENT_ID"),
    (name = "TWITCH_CLIENT_SECRET", fromEnvironment = "TWITCH_CLIENT_SECRET"),
    (name = "TWITCH_EVENTSUB_SECRET", fromEnvironment = "TWITCH_EVENTSUB_SECRET"),
    (name = "TWITCH_AUTH_BASE_URL", fromEnvironment = "TWITCH_AUTH_BASE_URL"),
    (name = "TWITCH_API_BASE_URL", fromEnvironment = "TWITCH_API_BASE_URL"),
    (name = "GOOGLE_CLIENT_ID", fromEnvironment = "GOOGLE_CLIENT_ID"),
    (name = "GOOGLE_CLIENT_SECRET", fromEnvironment = "GOOGLE_CLIENT_SECRET"),
    (name = "GOOGLE_AUTH_BASE_URL", fromEnvironment = "GOOGLE_AUTH_BASE_URL"),
    (name = "GOOGLE_TOKEN_BASE_URL", fromEnvironment = "GOOGLE_TOKEN_BASE_URL"),
    (name = "GOOGLE_API_BASE_URL", fromEnvironment = "GOOGLE_API_BASE_URL"),
    (name = "KICK_CLIENT_ID", fromEnvironment = "KICK_CLIENT_ID"),
    (name = "KICK_CLIENT_SECRET", fromEnvironment = "KICK_CLIENT_SECRET"),
    (name = "KICK_AUTH_BASE_URL", fromEnvironment = "KICK_AUTH_BASE_URL"),
    (name = "KICK_API_BASE_URL", fromEnvironment = "KICK_API_BASE_URL"),
    (name = "SPOTIFY_CLIENT_ID", fromEnvironment = "SPOTIFY_CLIENT_ID"),
    (name = "SPOTIFY_CLIENT_SECRET", fromEnvironment = "SPOTIFY_CLIENT_SECRET"),
    (name = "SPOTIFY_AUTH_BASE_URL", fromEnvironment = "SPOTIFY_AUTH_BASE_URL"),
    (name = "SPOTIFY_API_BASE_URL", fromEnvironment = "SPOTIFY_API_BASE_URL"),
    (name = "AUTOMATION_INBOUND_SECRET", fromEnvironment = "AUTOMATION_INBOUND_SECRET"),
    (name = "UPLOAD_MAX_BYTES", fromEnvironment = "UPLOAD_MAX_BYTES"),
    (name = "DEPLOY_WEBHOOK_SECRET", fromEnvironment = "DEPLOY_WEBHOOK_SECRET"),
    (name = "DEPLOY_BRANCH", fromEnvironment = "DEPLOY_BRANCH"),
    (name = "ASSETS", service = "assets"),
  ],
);
`;
  writeFileSync(file, text);
  return file;
}

/** The workerd binary shipped in the npm package for this platform (no download at run time). */
export function workerdBinary(root: string) {
  return path.join(root, 'node_modules', 'workerd', 'bin', 'workerd');
}
