# Production config for `workerd serve`: the functions bundle that `wrangler deploy --dry-run`
# builds, with the built web app as its ASSETS binding. The same files run in the functions
# container (infra/docker/functions.Dockerfile), laid out under /app as in the repository:
#
#   workerd serve /app/infra/workerd/config.capnp
#
# Overrides without editing this file: `--socket-addr http=<addr>` for the listen address and
# `--directory-path web=<dir>` for the web app's directory.

using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "functions", worker = .functions),

    # Read-only static files. A disk service sends every file as application/octet-stream, so
    # the worker sets Content-Type (and caching) when it serves assets through ASSETS.
    (name = "web", disk = (path = "/app/web/dist", writable = false, allowDotfiles = false)),

    # fetch() and connect() go through "internet". workerd's default allows public addresses
    # only; PostgreSQL and the runners live on the compose `backend` network, so that one
    # private range is added and the rest of the LAN stays unreachable from the worker. Public
    # addresses stay allowed for OAuth token exchanges and Discord follow-ups. Keep the range in
    # step with `networks.backend` in docker-compose.yml.
    (name = "internet", network = (
      allow = ["public", "10.77.0.0/24"],
      tlsOptions = (trustBrowserCas = true),
    )),
  ],

  sockets = [
    (name = "http", address = "*:8787", http = (), service = "functions"),
  ],
);

const functions :Workerd.Worker = (
  modules = [
    (name = "index.js", esModule = embed "../../functions/dist/index.js"),
  ],
  compatibilityDate = "2026-04-01",
  compatibilityFlags = ["nodejs_compat"],
  bindings = [
    # fromEnvironment yields null when the variable is unset; functions' config loader then
    # names the missing variable in its error.
    (name = "DATABASE_URL", fromEnvironment = "DATABASE_URL"),
    (name = "RUNNERS_URL", fromEnvironment = "RUNNERS_URL"),
    (name = "RUNNER_SECRET", fromEnvironment = "RUNNER_SECRET"),
    (name = "APP_VERSION", fromEnvironment = "APP_VERSION"),
    (name = "PUBLIC_ORIGIN", fromEnvironment = "PUBLIC_ORIGIN"),
    (name = "SECURE_COOKIES", fromEnvironment = "SECURE_COOKIES"),
    (name = "TRUST_PROXY", fromEnvironment = "TRUST_PROXY"),
    (name = "LOG_LEVEL", fromEnvironment = "LOG_LEVEL"),
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
    (name = "ASSETS", service = "web"),
  ],
);
