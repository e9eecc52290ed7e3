/**
 * The HTTP edge as one Hono app: the middleware every request passes (in this order: request id and
 * config, security headers, body rules, caller identity, CSRF, rate limit, audit), the areas'
 * routers, the OpenAPI document, and the web app's files for everything outside /api (and /metrics).
 */

import { alertRoutes } from './alerts/routes';
import { apiKeyRoutes } from './api-keys/routes';
import { auditMutations } from './audit/record';
import { auditRoutes } from './audit/routes';
import { csrf } from './auth/csrf';
import { authenticate } from './auth/middleware';
import { authRoutes } from './auth/routes';
import { automationRoutes } from './automations/routes';
import {
  botCommandRouters,
  type chatToolRoutes,
  type commandRoutes,
  type previewRoutes,
  type settingsRoutes,
  type timerRoutes,
} from './commands/routes';
import { currencyRoutes } from './currency/routes';
import { databaseRoutes } from './databases/routes';
import { ddnsRoutes } from './ddns/routes';
import { deployRoutes } from './deploy/routes';
import { deskRoutes } from './desk/routes';
import { discordRoutes } from './discord/routes';
import { discordStatusRoutes } from './discord/status';
import { dockerRoutes } from './docker/routes';
import { fileRoutes } from './files/routes';
import { gamingRoutes } from './gaming/routes';
import { giveawayRoutes } from './giveaways/routes';
import { googleRoutes } from './google/routes';
import { healthRoutes } from './health/routes';
import { jarvisRoutes } from './jarvis/routes';
import { limitBody, requireJson } from './lib/body';
import { ConfigError } from './lib/env';
import { ApiError, describeError, isDatabaseDown, toErrorResponse } from './lib/errors';
import { securityHeaders } from './lib/headers';
import { log } from './lib/log';
import { rateLimit } from './lib/rate-limit';
import { requestContext } from './lib/request';
import { createRouter } from './lib/router';
import { moderationRoutes } from './moderation/routes';
import { monitoringRoutes } from './monitors/routes';
import { networkRoutes } from './network/routes';
import { notificationRoutes } from './notifications/routes';
import { onboardingRoutes } from './onboarding/routes';
import { publicOverlayRoutes } from './overlays/public';
import { overlayRoutes } from './overlays/routes';
import { sessionRoutes } from './sessions/routes';
import { smartHomeRoutes } from './smarthome/routes';
import { songRoutes } from './songs/routes';
import { metricsRoutes } from './status/metrics';
import { publicMonitoringRoutes } from './status/routes';
import { streamAuthRoutes } from './stream/auth-routes';
import { streamMeRoutes } from './stream/me';
import { streamRoutes } from './stream/routes';
import { aiRoutes } from './streamai/routes';
import { streamStatsRoutes } from './streamstats/routes';
import { sysbackupRoutes } from './sysbackup/routes';
import { systemRoutes } from './system/routes';
import { deskTicketRoutes, panelPublishRoutes } from './tickets/routes';
import { serveWebApp } from './web/assets';
import { webhookRoutes } from './webhooks/routes';

const app = createRouter();

app.use('*', requestContext, securityHeaders);
app.use('/api/*', limitBody, requireJson, authenticate, csrf, auditMutations);
app.use('/api/*', rateLimit({ name: 'mutations', limit: 120, windowSeconds: 60 }));

const routes = app
  .route('/api/health', healthRoutes)
  .route('/api/auth', authRoutes)
  .route('/api/sessions', sessionRoutes)
  .route('/api/api-keys', apiKeyRoutes)
  .route('/api/audit', auditRoutes)
  .route('/api/system/metrics', systemRoutes)
  .route('/api/docker', dockerRoutes)
  .route('/api/databases', databaseRoutes)
  .route('/api', monitoringRoutes)
  .route('/api', publicMonitoringRoutes)
  .route('/api/notifications', notificationRoutes)
  .route('/api/alerts', alertRoutes)
  .route('/api/ddns', ddnsRoutes)
  .route('/api/jarvis', jarvisRoutes)
  .route('/api/discord', discordStatusRoutes)
  .route('/api/desk', deskRoutes)
  .route('/api/desk/guilds/:guildId/tickets', deskTicketRoutes)
  .route('/api/desk/guilds/:guildId/panels', panelPublishRoutes)
  .route('/api/stream/auth', streamAuthRoutes)
  .route('/api/stream', streamMeRoutes)
  .route('/api/stream', streamRoutes)
  .route('/metrics', metricsRoutes);

// The stream bot's chat features: each router carries its own client type (exported below) and
// is mounted with its type erased; chained into `routes`, the app's type grows past what
// TypeScript can represent (TS2590).
for (const router of [
  ...botCommandRouters,
  currencyRoutes,
  giveawayRoutes,
  streamStatsRoutes,
  aiRoutes,
  moderationRoutes,
  songRoutes,
  overlayRoutes,
  onboardingRoutes,
])
  app.route('/api/stream', router as unknown as typeof app);
// Mission control's integrations, typed apart from AppType like the chat features (web: `apiClient<…>()`).
app.route('/api/smarthome', smartHomeRoutes as unknown as typeof app);
app.route('/api/google', googleRoutes as unknown as typeof app);
app.route('/api/automations', automationRoutes as unknown as typeof app);
app.route('/api/deploy', deployRoutes as unknown as typeof app);
app.route('/api/gaming', gamingRoutes as unknown as typeof app);
app.route('/api/files', fileRoutes as unknown as typeof app);
app.route('/api/network', networkRoutes as unknown as typeof app);
app.route('/api/sysbackup', sysbackupRoutes as unknown as typeof app);
// Overlays are browser sources in OBS: no session, the key in the path is the credential.
app.route('/api/overlay', publicOverlayRoutes as unknown as typeof app);

// Discord calls this one itself, signed with Ed25519: none of the /api session, CSRF or JSON rules apply.
app.route('/discord', discordRoutes);
// Twitch and Kick sign their webhooks; like Discord's, they skip the session and CSRF rules of /api.
app.route('/webhooks', webhookRoutes);

app.doc31('/api/openapi.json', (c) => ({
  openapi: '3.1.0',
  info: {
    title: 'HomeLabHub API',
    version: c.get('config').APP_VERSION,
    description:
      'Mission control for a homelab. Authenticate with the session cookie (browser) or `Authorization: Bearer hlk_…` (API keys from Settings).',
  },
  security: [{ apiKey: [] as string[] }, { session: [] as string[] }] as Record<string, string[]>[],
}));
app.openAPIRegistry.registerComponent('securitySchemes', 'apiKey', { type: 'http', scheme: 'bearer' });
app.openAPIRegistry.registerComponent('securitySchemes', 'session', {
  type: 'apiKey',
  in: 'cookie',
  name: 'hl_session',
});

app.notFound(async (c) => {
  if (new URL(c.req.url).pathname.startsWith('/api/')) {
    return c.json(
      {
        error: { code: 'not_found', message: `No API route ${c.req.method} ${new URL(c.req.url).pathname}.` },
      },
      404,
    );
  }
  return serveWebApp(c);
});

app.onError((err, c) => {
  const { status, body, headers } = toErrorResponse(err);
  if (status >= 500 || err instanceof ConfigError) {
    const down = isDatabaseDown(err);
    // A refusal the code chose (a runner or the engine is down) is expected: no stack, no alarm.
    const chosen = err instanceof ApiError;
    log(down || chosen ? 'warn' : 'error', down ? 'database unreachable' : 'request failed', {
      requestId: c.get('requestId'),
      path: new URL(c.req.url).pathname,
      error: describeError(err),
      ...(down || chosen || !(err instanceof Error) ? {} : { stack: err.stack }),
    });
  }
  for (const [name, value] of Object.entries(headers)) c.header(name, value);
  return c.json(body, status);
});

export type AppType = typeof routes;
/** Clients of the chat features' routers, mounted at /api/stream (web: `streamClient<…>()`). */
export type CommandsApi = typeof commandRoutes;
export type CommandPreviewApi = typeof previewRoutes;
export type TimersApi = typeof timerRoutes;
export type BotSettingsApi = typeof settingsRoutes;
export type ChatToolsApi = typeof chatToolRoutes;
export type CurrencyApi = typeof currencyRoutes;
export type GiveawaysApi = typeof giveawayRoutes;
export type StreamStatsApi = typeof streamStatsRoutes;
export type AiApi = typeof aiRoutes;
export type ModerationApi = typeof moderationRoutes;
export type SongsApi = typeof songRoutes;
export type OverlaysApi = typeof overlayRoutes;
export type OverlayPublicApi = typeof publicOverlayRoutes;
export type OnboardingApi = typeof onboardingRoutes;
/** Clients of the integrations' routers, each mounted at /api/<name> (web: `apiClient<…>('<name>')`). */
export type SmartHomeApi = typeof smartHomeRoutes;
export type GoogleApi = typeof googleRoutes;
export type AutomationsApi = typeof automationRoutes;
export type DeployApi = typeof deployRoutes;
export type GamingApi = typeof gamingRoutes;
export type FilesApi = typeof fileRoutes;
export type NetworkApi = typeof networkRoutes;
export type SysbackupApi = typeof sysbackupRoutes;
export { app };
